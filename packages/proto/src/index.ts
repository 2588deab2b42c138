// The gRPC contract of Hyperfleet (package hyperfleet.v1): service definitions loaded from
// the .proto files at run time, and the TypeScript types generated from them.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType as SweepProto } from './generated/sweep.js';
import type { ProtoGrpcType as DeployProto } from './generated/deploy.js';
import type { ProtoGrpcType as PoolProto } from './generated/pool.js';

export type * from './generated/index.js';

/** Folder holding `hyperfleet/v1/*.proto`; overridable for packaged images. */
export const PROTO_ROOT =
  process.env.HYPERFLEET_PROTO_ROOT ??
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../proto');

/** How messages map to JavaScript; the generated types assume exactly these options. */
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  arrays: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};

function load<T>(file: string): T {
  const definition = protoLoader.loadSync(path.join(PROTO_ROOT, file), LOADER_OPTIONS);
  return grpc.loadPackageDefinition(definition) as unknown as T;
}

const sweepPackage = load<SweepProto>('hyperfleet/v1/sweep.proto').hyperfleet.v1;
const deployPackage = load<DeployProto>('hyperfleet/v1/deploy.proto').hyperfleet.v1;
const poolPackage = load<PoolProto>('hyperfleet/v1/pool.proto').hyperfleet.v1;

export const SweepServiceStub = sweepPackage.SweepService;
export const DeployServiceStub = deployPackage.DeployService;
export const sweepServiceDefinition = sweepPackage.SweepService.service;
export const deployServiceDefinition = deployPackage.DeployService.service;
export const PoolServiceStub = poolPackage.PoolService;
export const poolServiceDefinition = poolPackage.PoolService.service;
