// Types for the tests that import this Lambda (the function itself is plain JavaScript).
/* eslint-disable @typescript-eslint/no-explicit-any */
export declare function makeHandler(deps: Record<string, any>): (event: any) => Promise<any>;
export declare const handler: (event: any) => Promise<any>;
export declare function normalise(event: unknown): { executionName: string | undefined; runName: string | undefined; manifestKey: string | null; failure: { error: string; cause: string } | null };
