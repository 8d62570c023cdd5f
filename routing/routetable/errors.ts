import { TwillError } from '../../common/index.js';

export type RouteTableErrorCode =
  /** Another protocol's route holds the key (table, prefix, tos, metric) of a desired route. */
  | 'FOREIGN_ROUTE_CONFLICT'
  /** A desired route names a table the reconciler does not manage. */
  | 'UNMANAGED_TABLE'
  | 'INVALID_ARGUMENT';

export class RouteTableError extends TwillError<RouteTableErrorCode> {}
