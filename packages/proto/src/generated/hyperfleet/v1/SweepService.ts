// Original file: ../../proto/hyperfleet/v1/sweep.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CancelSweepRequest as _hyperfleet_v1_CancelSweepRequest, CancelSweepRequest__Output as _hyperfleet_v1_CancelSweepRequest__Output } from '../../hyperfleet/v1/CancelSweepRequest.js';
import type { CreateSweepRequest as _hyperfleet_v1_CreateSweepRequest, CreateSweepRequest__Output as _hyperfleet_v1_CreateSweepRequest__Output } from '../../hyperfleet/v1/CreateSweepRequest.js';
import type { GetSweepRequest as _hyperfleet_v1_GetSweepRequest, GetSweepRequest__Output as _hyperfleet_v1_GetSweepRequest__Output } from '../../hyperfleet/v1/GetSweepRequest.js';
import type { GetTrialRequest as _hyperfleet_v1_GetTrialRequest, GetTrialRequest__Output as _hyperfleet_v1_GetTrialRequest__Output } from '../../hyperfleet/v1/GetTrialRequest.js';
import type { ListSweepsRequest as _hyperfleet_v1_ListSweepsRequest, ListSweepsRequest__Output as _hyperfleet_v1_ListSweepsRequest__Output } from '../../hyperfleet/v1/ListSweepsRequest.js';
import type { ListSweepsResponse as _hyperfleet_v1_ListSweepsResponse, ListSweepsResponse__Output as _hyperfleet_v1_ListSweepsResponse__Output } from '../../hyperfleet/v1/ListSweepsResponse.js';
import type { ListTrialsRequest as _hyperfleet_v1_ListTrialsRequest, ListTrialsRequest__Output as _hyperfleet_v1_ListTrialsRequest__Output } from '../../hyperfleet/v1/ListTrialsRequest.js';
import type { ListTrialsResponse as _hyperfleet_v1_ListTrialsResponse, ListTrialsResponse__Output as _hyperfleet_v1_ListTrialsResponse__Output } from '../../hyperfleet/v1/ListTrialsResponse.js';
import type { Sweep as _hyperfleet_v1_Sweep, Sweep__Output as _hyperfleet_v1_Sweep__Output } from '../../hyperfleet/v1/Sweep.js';
import type { SweepEvent as _hyperfleet_v1_SweepEvent, SweepEvent__Output as _hyperfleet_v1_SweepEvent__Output } from '../../hyperfleet/v1/SweepEvent.js';
import type { Trial as _hyperfleet_v1_Trial, Trial__Output as _hyperfleet_v1_Trial__Output } from '../../hyperfleet/v1/Trial.js';
import type { WatchSweepRequest as _hyperfleet_v1_WatchSweepRequest, WatchSweepRequest__Output as _hyperfleet_v1_WatchSweepRequest__Output } from '../../hyperfleet/v1/WatchSweepRequest.js';

/**
 * Sweeps: submit a search, follow it, and query its trial history.
 */
export interface SweepServiceClient extends grpc.Client {
  /**
   * Stops a sweep's running trials and ends it CANCELLED.
   */
  CancelSweep(argument: _hyperfleet_v1_CancelSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  CancelSweep(argument: _hyperfleet_v1_CancelSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  CancelSweep(argument: _hyperfleet_v1_CancelSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  CancelSweep(argument: _hyperfleet_v1_CancelSweepRequest, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  /**
   * Stops a sweep's running trials and ends it CANCELLED.
   */
  cancelSweep(argument: _hyperfleet_v1_CancelSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  cancelSweep(argument: _hyperfleet_v1_CancelSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  cancelSweep(argument: _hyperfleet_v1_CancelSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  cancelSweep(argument: _hyperfleet_v1_CancelSweepRequest, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  
  /**
   * Validates and stores a sweep, then starts scheduling its trials.
   */
  CreateSweep(argument: _hyperfleet_v1_CreateSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  CreateSweep(argument: _hyperfleet_v1_CreateSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  CreateSweep(argument: _hyperfleet_v1_CreateSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  CreateSweep(argument: _hyperfleet_v1_CreateSweepRequest, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  /**
   * Validates and stores a sweep, then starts scheduling its trials.
   */
  createSweep(argument: _hyperfleet_v1_CreateSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  createSweep(argument: _hyperfleet_v1_CreateSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  createSweep(argument: _hyperfleet_v1_CreateSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  createSweep(argument: _hyperfleet_v1_CreateSweepRequest, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  
  GetSweep(argument: _hyperfleet_v1_GetSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  GetSweep(argument: _hyperfleet_v1_GetSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  GetSweep(argument: _hyperfleet_v1_GetSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  GetSweep(argument: _hyperfleet_v1_GetSweepRequest, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  getSweep(argument: _hyperfleet_v1_GetSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  getSweep(argument: _hyperfleet_v1_GetSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  getSweep(argument: _hyperfleet_v1_GetSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  getSweep(argument: _hyperfleet_v1_GetSweepRequest, callback: grpc.requestCallback<_hyperfleet_v1_Sweep__Output>): grpc.ClientUnaryCall;
  
  GetTrial(argument: _hyperfleet_v1_GetTrialRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Trial__Output>): grpc.ClientUnaryCall;
  GetTrial(argument: _hyperfleet_v1_GetTrialRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hyperfleet_v1_Trial__Output>): grpc.ClientUnaryCall;
  GetTrial(argument: _hyperfleet_v1_GetTrialRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Trial__Output>): grpc.ClientUnaryCall;
  GetTrial(argument: _hyperfleet_v1_GetTrialRequest, callback: grpc.requestCallback<_hyperfleet_v1_Trial__Output>): grpc.ClientUnaryCall;
  getTrial(argument: _hyperfleet_v1_GetTrialRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Trial__Output>): grpc.ClientUnaryCall;
  getTrial(argument: _hyperfleet_v1_GetTrialRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hyperfleet_v1_Trial__Output>): grpc.ClientUnaryCall;
  getTrial(argument: _hyperfleet_v1_GetTrialRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Trial__Output>): grpc.ClientUnaryCall;
  getTrial(argument: _hyperfleet_v1_GetTrialRequest, callback: grpc.requestCallback<_hyperfleet_v1_Trial__Output>): grpc.ClientUnaryCall;
  
  ListSweeps(argument: _hyperfleet_v1_ListSweepsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  ListSweeps(argument: _hyperfleet_v1_ListSweepsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hyperfleet_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  ListSweeps(argument: _hyperfleet_v1_ListSweepsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  ListSweeps(argument: _hyperfleet_v1_ListSweepsRequest, callback: grpc.requestCallback<_hyperfleet_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  listSweeps(argument: _hyperfleet_v1_ListSweepsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  listSweeps(argument: _hyperfleet_v1_ListSweepsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hyperfleet_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  listSweeps(argument: _hyperfleet_v1_ListSweepsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  listSweeps(argument: _hyperfleet_v1_ListSweepsRequest, callback: grpc.requestCallback<_hyperfleet_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  
  ListTrials(argument: _hyperfleet_v1_ListTrialsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  ListTrials(argument: _hyperfleet_v1_ListTrialsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hyperfleet_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  ListTrials(argument: _hyperfleet_v1_ListTrialsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  ListTrials(argument: _hyperfleet_v1_ListTrialsRequest, callback: grpc.requestCallback<_hyperfleet_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  listTrials(argument: _hyperfleet_v1_ListTrialsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  listTrials(argument: _hyperfleet_v1_ListTrialsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hyperfleet_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  listTrials(argument: _hyperfleet_v1_ListTrialsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  listTrials(argument: _hyperfleet_v1_ListTrialsRequest, callback: grpc.requestCallback<_hyperfleet_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A snapshot of the sweep, then every trial event until the sweep finishes.
   */
  WatchSweep(argument: _hyperfleet_v1_WatchSweepRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_hyperfleet_v1_SweepEvent__Output>;
  WatchSweep(argument: _hyperfleet_v1_WatchSweepRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_hyperfleet_v1_SweepEvent__Output>;
  /**
   * A snapshot of the sweep, then every trial event until the sweep finishes.
   */
  watchSweep(argument: _hyperfleet_v1_WatchSweepRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_hyperfleet_v1_SweepEvent__Output>;
  watchSweep(argument: _hyperfleet_v1_WatchSweepRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_hyperfleet_v1_SweepEvent__Output>;
  
}

/**
 * Sweeps: submit a search, follow it, and query its trial history.
 */
export interface SweepServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Stops a sweep's running trials and ends it CANCELLED.
   */
  CancelSweep: grpc.handleUnaryCall<_hyperfleet_v1_CancelSweepRequest__Output, _hyperfleet_v1_Sweep>;
  
  /**
   * Validates and stores a sweep, then starts scheduling its trials.
   */
  CreateSweep: grpc.handleUnaryCall<_hyperfleet_v1_CreateSweepRequest__Output, _hyperfleet_v1_Sweep>;
  
  GetSweep: grpc.handleUnaryCall<_hyperfleet_v1_GetSweepRequest__Output, _hyperfleet_v1_Sweep>;
  
  GetTrial: grpc.handleUnaryCall<_hyperfleet_v1_GetTrialRequest__Output, _hyperfleet_v1_Trial>;
  
  ListSweeps: grpc.handleUnaryCall<_hyperfleet_v1_ListSweepsRequest__Output, _hyperfleet_v1_ListSweepsResponse>;
  
  ListTrials: grpc.handleUnaryCall<_hyperfleet_v1_ListTrialsRequest__Output, _hyperfleet_v1_ListTrialsResponse>;
  
  /**
   * A snapshot of the sweep, then every trial event until the sweep finishes.
   */
  WatchSweep: grpc.handleServerStreamingCall<_hyperfleet_v1_WatchSweepRequest__Output, _hyperfleet_v1_SweepEvent>;
  
}

export interface SweepServiceDefinition extends grpc.ServiceDefinition {
  CancelSweep: MethodDefinition<_hyperfleet_v1_CancelSweepRequest, _hyperfleet_v1_Sweep, _hyperfleet_v1_CancelSweepRequest__Output, _hyperfleet_v1_Sweep__Output>
  CreateSweep: MethodDefinition<_hyperfleet_v1_CreateSweepRequest, _hyperfleet_v1_Sweep, _hyperfleet_v1_CreateSweepRequest__Output, _hyperfleet_v1_Sweep__Output>
  GetSweep: MethodDefinition<_hyperfleet_v1_GetSweepRequest, _hyperfleet_v1_Sweep, _hyperfleet_v1_GetSweepRequest__Output, _hyperfleet_v1_Sweep__Output>
  GetTrial: MethodDefinition<_hyperfleet_v1_GetTrialRequest, _hyperfleet_v1_Trial, _hyperfleet_v1_GetTrialRequest__Output, _hyperfleet_v1_Trial__Output>
  ListSweeps: MethodDefinition<_hyperfleet_v1_ListSweepsRequest, _hyperfleet_v1_ListSweepsResponse, _hyperfleet_v1_ListSweepsRequest__Output, _hyperfleet_v1_ListSweepsResponse__Output>
  ListTrials: MethodDefinition<_hyperfleet_v1_ListTrialsRequest, _hyperfleet_v1_ListTrialsResponse, _hyperfleet_v1_ListTrialsRequest__Output, _hyperfleet_v1_ListTrialsResponse__Output>
  WatchSweep: MethodDefinition<_hyperfleet_v1_WatchSweepRequest, _hyperfleet_v1_SweepEvent, _hyperfleet_v1_WatchSweepRequest__Output, _hyperfleet_v1_SweepEvent__Output>
}
