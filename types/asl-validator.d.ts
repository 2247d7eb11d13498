// asl-validator ships no type declarations; this is the part the tests use.
declare module "asl-validator" {
  const validator: (definition: object, opts?: object) => { isValid: boolean; errors: unknown[]; errorsText: (separator?: string) => string };
  export default validator;
}
