// Original file: ../../proto/hyperfleet/v1/sweep.proto

export const Direction = {
  DIRECTION_UNSPECIFIED: 'DIRECTION_UNSPECIFIED',
  MINIMIZE: 'MINIMIZE',
  MAXIMIZE: 'MAXIMIZE',
} as const;

export type Direction =
  | 'DIRECTION_UNSPECIFIED'
  | 0
  | 'MINIMIZE'
  | 1
  | 'MAXIMIZE'
  | 2

export type Direction__Output = typeof Direction[keyof typeof Direction]
