/**
 * Joint count tables n(c, t) of eq. (2) for every neuron of a layer, from quantized outputs and
 * labels on the validation set. Plain plug-in counts, no smoothing (docs/method.md §2).
 */

/** The count tables of one layer: n(c, t) for each neuron, class c and bin t. */
export interface JointCounts {
  classes: number;
  bins: number;
  neurons: number;
  /** [neurons][classes][bins], row-major. */
  counts: Float64Array;
}

/**
 * eq. (2): n(c, t) = #{l : y_l = c, Q(t_j(x_l)) = t}, for all neurons of a layer in one pass over the
 * samples. `binned` is row-major [samples, neurons] (from `quantizeLayer`), `labels` is [samples].
 */
export function jointCounts(
  binned: Uint8Array,
  labels: Uint8Array,
  samples: number,
  neurons: number,
  classes: number,
  bins: number,
): JointCounts {
  if (binned.length !== samples * neurons) {
    throw new RangeError(`binned has length ${binned.length}, expected ${samples} x ${neurons}`);
  }
  if (labels.length !== samples) {
    throw new RangeError(`labels has length ${labels.length}, expected ${samples}`);
  }
  const perNeuron = classes * bins;
  const counts = new Float64Array(neurons * perNeuron);
  for (let l = 0; l < samples; l++) {
    const c = labels[l];
    if (c >= classes) throw new RangeError(`label ${c} of sample ${l} is not below ${classes}`);
    const row = l * neurons;
    const cell = c * bins;
    for (let j = 0; j < neurons; j++) {
      const t = binned[row + j];
      if (t >= bins) throw new RangeError(`bin ${t} of sample ${l} is not below ${bins}`);
      counts[j * perNeuron + cell + t] += 1;
    }
  }
  return { classes, bins, neurons, counts };
}

/** The count table of one neuron: a view of length classes * bins, row-major [class][bin]. */
export function tableOf(jc: JointCounts, neuron: number): Float64Array {
  if (!Number.isInteger(neuron) || neuron < 0 || neuron >= jc.neurons) {
    throw new RangeError(`neuron ${neuron} is not in 0..${jc.neurons - 1}`);
  }
  const size = jc.classes * jc.bins;
  return jc.counts.subarray(neuron * size, (neuron + 1) * size);
}
