import { trainModel } from '../../../worker/train/train-loop';

type TrainOptions = Parameters<typeof trainModel>[0];

/** One short SGD epoch over the first `trainCount` MNIST images, as the tests need it. */
export function sgdRun(opts: Pick<TrainOptions, 'tf' | 'model' | 'train' | 'trainCount'> & Pick<Partial<TrainOptions>, 'engine'>) {
  return trainModel({
    ...opts,
    inputShape: [28, 28, 1],
    settings: { optimizer: 'sgd', learningRate: 0.01, batchSize: 32, epochs: 1 },
    epochs: 1,
    maxSeconds: 600,
  });
}
