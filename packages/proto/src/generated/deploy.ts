import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { DeployServiceClient as _hyperfleet_v1_DeployServiceClient, DeployServiceDefinition as _hyperfleet_v1_DeployServiceDefinition } from './hyperfleet/v1/DeployService.js';
import type { Deployment as _hyperfleet_v1_Deployment, Deployment__Output as _hyperfleet_v1_Deployment__Output } from './hyperfleet/v1/Deployment.js';
import type { GetDeploymentRequest as _hyperfleet_v1_GetDeploymentRequest, GetDeploymentRequest__Output as _hyperfleet_v1_GetDeploymentRequest__Output } from './hyperfleet/v1/GetDeploymentRequest.js';
import type { ModelVersion as _hyperfleet_v1_ModelVersion, ModelVersion__Output as _hyperfleet_v1_ModelVersion__Output } from './hyperfleet/v1/ModelVersion.js';
import type { PredictRequest as _hyperfleet_v1_PredictRequest, PredictRequest__Output as _hyperfleet_v1_PredictRequest__Output } from './hyperfleet/v1/PredictRequest.js';
import type { PredictResponse as _hyperfleet_v1_PredictResponse, PredictResponse__Output as _hyperfleet_v1_PredictResponse__Output } from './hyperfleet/v1/PredictResponse.js';
import type { Prediction as _hyperfleet_v1_Prediction, Prediction__Output as _hyperfleet_v1_Prediction__Output } from './hyperfleet/v1/Prediction.js';
import type { PromoteRequest as _hyperfleet_v1_PromoteRequest, PromoteRequest__Output as _hyperfleet_v1_PromoteRequest__Output } from './hyperfleet/v1/PromoteRequest.js';
import type { Row as _hyperfleet_v1_Row, Row__Output as _hyperfleet_v1_Row__Output } from './hyperfleet/v1/Row.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  hyperfleet: {
    v1: {
      /**
       * Serves promoted models and keeps every version it has served.
       */
      DeployService: SubtypeConstructor<typeof grpc.Client, _hyperfleet_v1_DeployServiceClient> & { service: _hyperfleet_v1_DeployServiceDefinition }
      Deployment: MessageTypeDefinition<_hyperfleet_v1_Deployment, _hyperfleet_v1_Deployment__Output>
      GetDeploymentRequest: MessageTypeDefinition<_hyperfleet_v1_GetDeploymentRequest, _hyperfleet_v1_GetDeploymentRequest__Output>
      ModelVersion: MessageTypeDefinition<_hyperfleet_v1_ModelVersion, _hyperfleet_v1_ModelVersion__Output>
      PredictRequest: MessageTypeDefinition<_hyperfleet_v1_PredictRequest, _hyperfleet_v1_PredictRequest__Output>
      PredictResponse: MessageTypeDefinition<_hyperfleet_v1_PredictResponse, _hyperfleet_v1_PredictResponse__Output>
      Prediction: MessageTypeDefinition<_hyperfleet_v1_Prediction, _hyperfleet_v1_Prediction__Output>
      PromoteRequest: MessageTypeDefinition<_hyperfleet_v1_PromoteRequest, _hyperfleet_v1_PromoteRequest__Output>
      Row: MessageTypeDefinition<_hyperfleet_v1_Row, _hyperfleet_v1_Row__Output>
    }
  }
}

