export * from "./csv-records";
export * from "./month-of";
export * from "./check-file";
export * from "./checklist";
export * from "./read-sample";
export * from "./retry";
export * from "./progress";
export * from "./guess-month";
