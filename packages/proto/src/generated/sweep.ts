import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Algorithm as _hyperfleet_v1_Algorithm, Algorithm__Output as _hyperfleet_v1_Algorithm__Output } from './hyperfleet/v1/Algorithm.js';
import type { Budget as _hyperfleet_v1_Budget, Budget__Output as _hyperfleet_v1_Budget__Output } from './hyperfleet/v1/Budget.js';
import type { CancelSweepRequest as _hyperfleet_v1_CancelSweepRequest, CancelSweepRequest__Output as _hyperfleet_v1_CancelSweepRequest__Output } from './hyperfleet/v1/CancelSweepRequest.js';
import type { CommandTrial as _hyperfleet_v1_CommandTrial, CommandTrial__Output as _hyperfleet_v1_CommandTrial__Output } from './hyperfleet/v1/CommandTrial.js';
import type { CreateSweepRequest as _hyperfleet_v1_CreateSweepRequest, CreateSweepRequest__Output as _hyperfleet_v1_CreateSweepRequest__Output } from './hyperfleet/v1/CreateSweepRequest.js';
import type { GetSweepRequest as _hyperfleet_v1_GetSweepRequest, GetSweepRequest__Output as _hyperfleet_v1_GetSweepRequest__Output } from './hyperfleet/v1/GetSweepRequest.js';
import type { GetTrialRequest as _hyperfleet_v1_GetTrialRequest, GetTrialRequest__Output as _hyperfleet_v1_GetTrialRequest__Output } from './hyperfleet/v1/GetTrialRequest.js';
import type { ListSweepsRequest as _hyperfleet_v1_ListSweepsRequest, ListSweepsRequest__Output as _hyperfleet_v1_ListSweepsRequest__Output } from './hyperfleet/v1/ListSweepsRequest.js';
import type { ListSweepsResponse as _hyperfleet_v1_ListSweepsResponse, ListSweepsResponse__Output as _hyperfleet_v1_ListSweepsResponse__Output } from './hyperfleet/v1/ListSweepsResponse.js';
import type { ListTrialsRequest as _hyperfleet_v1_ListTrialsRequest, ListTrialsRequest__Output as _hyperfleet_v1_ListTrialsRequest__Output } from './hyperfleet/v1/ListTrialsRequest.js';
import type { ListTrialsResponse as _hyperfleet_v1_ListTrialsResponse, ListTrialsResponse__Output as _hyperfleet_v1_ListTrialsResponse__Output } from './hyperfleet/v1/ListTrialsResponse.js';
import type { Metric as _hyperfleet_v1_Metric, Metric__Output as _hyperfleet_v1_Metric__Output } from './hyperfleet/v1/Metric.js';
import type { Objective as _hyperfleet_v1_Objective, Objective__Output as _hyperfleet_v1_Objective__Output } from './hyperfleet/v1/Objective.js';
import type { Parameter as _hyperfleet_v1_Parameter, Parameter__Output as _hyperfleet_v1_Parameter__Output } from './hyperfleet/v1/Parameter.js';
import type { Pruner as _hyperfleet_v1_Pruner, Pruner__Output as _hyperfleet_v1_Pruner__Output } from './hyperfleet/v1/Pruner.js';
import type { Sweep as _hyperfleet_v1_Sweep, Sweep__Output as _hyperfleet_v1_Sweep__Output } from './hyperfleet/v1/Sweep.js';
import type { SweepEvent as _hyperfleet_v1_SweepEvent, SweepEvent__Output as _hyperfleet_v1_SweepEvent__Output } from './hyperfleet/v1/SweepEvent.js';
import type { SweepServiceClient as _hyperfleet_v1_SweepServiceClient, SweepServiceDefinition as _hyperfleet_v1_SweepServiceDefinition } from './hyperfleet/v1/SweepService.js';
import type { SweepSpec as _hyperfleet_v1_SweepSpec, SweepSpec__Output as _hyperfleet_v1_SweepSpec__Output } from './hyperfleet/v1/SweepSpec.js';
import type { TfjsTrainer as _hyperfleet_v1_TfjsTrainer, TfjsTrainer__Output as _hyperfleet_v1_TfjsTrainer__Output } from './hyperfleet/v1/TfjsTrainer.js';
import type { Trial as _hyperfleet_v1_Trial, Trial__Output as _hyperfleet_v1_Trial__Output } from './hyperfleet/v1/Trial.js';
import type { TrialCounts as _hyperfleet_v1_TrialCounts, TrialCounts__Output as _hyperfleet_v1_TrialCounts__Output } from './hyperfleet/v1/TrialCounts.js';
import type { TrialTemplate as _hyperfleet_v1_TrialTemplate, TrialTemplate__Output as _hyperfleet_v1_TrialTemplate__Output } from './hyperfleet/v1/TrialTemplate.js';
import type { Value as _hyperfleet_v1_Value, Value__Output as _hyperfleet_v1_Value__Output } from './hyperfleet/v1/Value.js';
import type { WatchSweepRequest as _hyperfleet_v1_WatchSweepRequest, WatchSweepRequest__Output as _hyperfleet_v1_WatchSweepRequest__Output } from './hyperfleet/v1/WatchSweepRequest.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  hyperfleet: {
    v1: {
      Algorithm: MessageTypeDefinition<_hyperfleet_v1_Algorithm, _hyperfleet_v1_Algorithm__Output>
      Budget: MessageTypeDefinition<_hyperfleet_v1_Budget, _hyperfleet_v1_Budget__Output>
      CancelSweepRequest: MessageTypeDefinition<_hyperfleet_v1_CancelSweepRequest, _hyperfleet_v1_CancelSweepRequest__Output>
      CommandTrial: MessageTypeDefinition<_hyperfleet_v1_CommandTrial, _hyperfleet_v1_CommandTrial__Output>
      CreateSweepRequest: MessageTypeDefinition<_hyperfleet_v1_CreateSweepRequest, _hyperfleet_v1_CreateSweepRequest__Output>
      Direction: EnumTypeDefinition
      GetSweepRequest: MessageTypeDefinition<_hyperfleet_v1_GetSweepRequest, _hyperfleet_v1_GetSweepRequest__Output>
      GetTrialRequest: MessageTypeDefinition<_hyperfleet_v1_GetTrialRequest, _hyperfleet_v1_GetTrialRequest__Output>
      ListSweepsRequest: MessageTypeDefinition<_hyperfleet_v1_ListSweepsRequest, _hyperfleet_v1_ListSweepsRequest__Output>
      ListSweepsResponse: MessageTypeDefinition<_hyperfleet_v1_ListSweepsResponse, _hyperfleet_v1_ListSweepsResponse__Output>
      ListTrialsRequest: MessageTypeDefinition<_hyperfleet_v1_ListTrialsRequest, _hyperfleet_v1_ListTrialsRequest__Output>
      ListTrialsResponse: MessageTypeDefinition<_hyperfleet_v1_ListTrialsResponse, _hyperfleet_v1_ListTrialsResponse__Output>
      Metric: MessageTypeDefinition<_hyperfleet_v1_Metric, _hyperfleet_v1_Metric__Output>
      Objective: MessageTypeDefinition<_hyperfleet_v1_Objective, _hyperfleet_v1_Objective__Output>
      Parameter: MessageTypeDefinition<_hyperfleet_v1_Parameter, _hyperfleet_v1_Parameter__Output>
      Pruner: MessageTypeDefinition<_hyperfleet_v1_Pruner, _hyperfleet_v1_Pruner__Output>
      Sweep: MessageTypeDefinition<_hyperfleet_v1_Sweep, _hyperfleet_v1_Sweep__Output>
      SweepEvent: MessageTypeDefinition<_hyperfleet_v1_SweepEvent, _hyperfleet_v1_SweepEvent__Output>
      /**
       * Sweeps: submit a search, follow it, and query its trial history.
       */
      SweepService: SubtypeConstructor<typeof grpc.Client, _hyperfleet_v1_SweepServiceClient> & { service: _hyperfleet_v1_SweepServiceDefinition }
      SweepSpec: MessageTypeDefinition<_hyperfleet_v1_SweepSpec, _hyperfleet_v1_SweepSpec__Output>
      SweepState: EnumTypeDefinition
      TfjsTrainer: MessageTypeDefinition<_hyperfleet_v1_TfjsTrainer, _hyperfleet_v1_TfjsTrainer__Output>
      Trial: MessageTypeDefinition<_hyperfleet_v1_Trial, _hyperfleet_v1_Trial__Output>
      TrialCounts: MessageTypeDefinition<_hyperfleet_v1_TrialCounts, _hyperfleet_v1_TrialCounts__Output>
      TrialState: EnumTypeDefinition
      TrialTemplate: MessageTypeDefinition<_hyperfleet_v1_TrialTemplate, _hyperfleet_v1_TrialTemplate__Output>
      Value: MessageTypeDefinition<_hyperfleet_v1_Value, _hyperfleet_v1_Value__Output>
      WatchSweepRequest: MessageTypeDefinition<_hyperfleet_v1_WatchSweepRequest, _hyperfleet_v1_WatchSweepRequest__Output>
    }
  }
}

