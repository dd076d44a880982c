export { type BuildServerOptions, buildServer } from './app.js';
export { type ErrorReply, errorReplySchema } from './errors.js';
export { type HealthOptions, type ReadinessCheck, registerHealthRoutes } from './routes/health.js';
