import { SetMetadata } from '@nestjs/common';

/** Metadata key read by the API's authentication guard. */
export const PUBLIC_ROUTE = 'pp:public-route';

/** Marks a controller or route as reachable without credentials (health, metrics, login). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Names of the OpenAPI security schemes routes refer to. */
export const BEARER_AUTH = 'bearer';
export const API_KEY_AUTH = 'api-key';
