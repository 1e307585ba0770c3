// Express 4 is installed as the npm alias `express4` and used with the Express 5 type
// definitions: the adapter only relies on what both versions share.
declare module 'express4' {
  import express from 'express';
  export default express;
}
