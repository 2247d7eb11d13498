// `npm test` runs this first: without a browser the journeys cannot run, so say so before the long unit tests and build.
import { chromiumOrExit } from "./browser";

chromiumOrExit();
