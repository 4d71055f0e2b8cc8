/** The two hidden-layer activations of the paper's network (docs/method.md §1). */
export const ACTIVATIONS = ['sigmoid', 'relu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];
