// Koa 2 is installed as the npm alias `koa2` and used with the Koa 3 type definitions: the
// adapter only relies on what both versions share.
declare module 'koa2' {
  import Koa from 'koa';
  export default Koa;
}
