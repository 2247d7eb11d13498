export { BOOTSTRAP_ADMIN, newAccount, type TestAccount } from "./accounts";
export { adminApi, createAccount, ensureAdmin, loginAs, signInViaApi } from "./auth";
export { snap } from "./screenshots";
