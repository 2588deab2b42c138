// Original file: ../../proto/hyperfleet/v1/deploy.proto


export interface GetDeploymentRequest {
}

export interface GetDeploymentRequest__Output {
}
