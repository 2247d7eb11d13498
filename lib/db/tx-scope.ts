import { AsyncLocalStorage } from "node:async_hooks";
import type { SqlExecutor } from "./sql";

/**
 * Marks code running inside `sql.transaction(fn)`. Using the outer handle there is a bug on both
 * drivers (the statement would run outside the transaction, and on PGlite's single connection it
 * would wait for the transaction forever), so the handles refuse it with a clear message.
 * A mutable flag rather than a boolean store: timers scheduled inside the transaction inherit the
 * store, and must be free to use the handle once the transaction is over.
 */
export interface TxState {
  active: boolean;
}

export function createTxScope() {
  const als = new AsyncLocalStorage<TxState>();
  return {
    async run<T>(fn: () => Promise<T>): Promise<T> {
      const state: TxState = { active: true };
      try {
        return await als.run(state, fn);
      } finally {
        state.active = false;
      }
    },
    inside(): boolean {
      return als.getStore()?.active === true;
    },
    assertOutside(what: string): void {
      if (als.getStore()?.active === true) {
        throw new Error(
          `${what} called on the outer SQL handle inside sql.transaction(): use the transaction's own handle (tx)`,
        );
      }
    },
  };
}

export type TxScope = ReturnType<typeof createTxScope>;

/** An executor whose every call refuses to run inside `scope`'s transactions (the outer handle). */
export function outsideOnly(outer: SqlExecutor, scope: TxScope): SqlExecutor {
  return {
    query(text, params) {
      scope.assertOutside("query()");
      return outer.query(text, params);
    },
    exec(script) {
      scope.assertOutside("exec()");
      return outer.exec(script);
    },
    copyFromCsvFile(table, columns, csvPath) {
      scope.assertOutside("copyFromCsvFile()");
      return outer.copyFromCsvFile(table, columns, csvPath);
    },
  };
}
