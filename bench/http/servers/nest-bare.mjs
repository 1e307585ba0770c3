import { nestListener } from './nest-app.mjs';

export default function create() {
  return nestListener();
}
