import { AsyncLocalStorage } from 'node:async_hooks';

/** The client request an upstream call is made for, so the call can carry its id. */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();
