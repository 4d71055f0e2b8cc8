/** The TensorFlow.js backend for Node engine tests: WASM (what the report falls back to). */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';

export async function useBackend(name: 'wasm' | 'cpu' = 'wasm'): Promise<void> {
  await tf.setBackend(name);
  await tf.ready();
}
