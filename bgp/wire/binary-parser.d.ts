// binary-parser 2.x ships its types next to the CommonJS build only, so under "moduleResolution":
// "NodeNext" its ESM entry point has none. Point the ESM import at those same declarations.
declare module 'binary-parser' {
  export { Parser } from 'binary-parser/dist/binary_parser.js';
}
