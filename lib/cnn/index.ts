// CNN arithmetic: output shapes, parameter and multiply counts, and small
// reference computations (cross-correlation, pooling, transposed convolution).
export * from './pair';
export * from './output-length';
export * from './conv';
export * from './dense';
export * from './pool';
export * from './matrix';
export * from './correlate';
export * from './transposed';
export * from './architectures';
