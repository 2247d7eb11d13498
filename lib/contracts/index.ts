export * from "./types";
export * from "./tables";
export * from "./detect";
export * from "./values";
export * from "./profile";
export * from "./limits";
export * from "./sniff";
