export { type Platform, type StartPlatformOptions, startPlatform } from './platform.js';
