/** lz4js ships no types; we use only frame decompression (Arrow IPC LZ4_FRAME buffers). */
declare module 'lz4js' {
  export function decompress(input: Uint8Array, maxSize?: number): Uint8Array;
}
