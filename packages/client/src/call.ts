// Promise and async-iterator forms of grpc-js calls, with deadlines and bearer tokens.
import { Metadata, credentials, type ChannelCredentials, type Client, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';

export interface ConnectionOptions {
  /** host:port of the service. */
  address: string;
  /** Bearer token sent with every call, when the server requires one. */
  token?: string;
  /** Channel credentials; plaintext by default (loopback and in-cluster). */
  credentials?: ChannelCredentials;
  /** Per-call deadline for unary calls. */
  deadlineMs?: number;
}

export const DEFAULT_DEADLINE_MS = 30_000;

/** Largest message either side accepts: a Predict batch of a few thousand digits. */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

export function channelOptions() {
  return {
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  };
}

export function channelCredentials(options: ConnectionOptions): ChannelCredentials {
  return options.credentials ?? credentials.createInsecure();
}

export function callMetadata(options: ConnectionOptions): Metadata {
  const metadata = new Metadata();
  if (options.token) metadata.set('authorization', `Bearer ${options.token}`);
  return metadata;
}

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  callOptions: { deadline: Date },
  callback: (error: ServiceError | null, response?: Res) => void,
) => unknown;

export function unary<Req, Res>(client: Client, method: UnaryMethod<Req, Res>, request: Req, options: ConnectionOptions): Promise<Res> {
  const deadline = new Date(Date.now() + (options.deadlineMs ?? DEFAULT_DEADLINE_MS));
  return new Promise((resolve, reject) => {
    method.call(client, request, callMetadata(options), { deadline }, (error, response) => {
      if (error) reject(error);
      else resolve(response as Res);
    });
  });
}

/** Yields a server stream's messages; ends when the server ends it, throws its error. */
export async function* serverStream<T>(stream: ClientReadableStream<T>): AsyncGenerator<T> {
  try {
    for await (const message of stream) yield message as T;
  } finally {
    stream.cancel();
  }
}
