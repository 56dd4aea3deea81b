export { durationSeconds } from '../../keys/duration.js';
