/** The stop control the CLI installs first thing in `paper` and `live` (see `ShutdownController`). */
export { ShutdownController } from '../live/shutdown.js';
