// The words the lab uses without stopping to explain them, one short line each: shown
// under "Words used here", one tap away from every lesson (www/ui/lesson-panel.js).
export const GLOSSARY = [
  ['784-40-10', 'the network\'s layers: 784 input pixels (28 x 28), 40 hidden neurons, 10 outputs, one per digit.'],
  ['plain', 'the book\'s first way to train (stochastic gradient descent): one update of the weights after every training example, no dropout, no batches.'],
  ['α (alpha), the learning rate', 'how big a step each update takes along the error\'s slope.'],
  ['iteration, or pass', 'one pass over all the training images; the log numbers them from 0.'],
  ['step, steps/s', 'one update of the weights (after one example, or one batch); the speed slider sets how many a second.'],
  ['error (mean squared)', 'for each image, the squared differences between the ten outputs and the right answer (1 for its digit, 0 for the others), summed; averaged over the images.'],
  ['test accuracy', 'the share of the 10,000 test digits, never trained on, whose largest output is the right digit.'],
  ['dropout, keep probability', 'the chance each hidden neuron stays on for a training example (0.5: half are switched off).'],
  ['seed', 'the number the random starting weights (and dropout\'s choices) are drawn from: the same seed, the same run.'],
  ['the true derivative ("the derivative fixed")', 'the book\'s code lets a hidden neuron that was off for an image learn from it anyway; the true derivative lets only the neurons that were on learn.'],
  ['patience', 'early stopping\'s wait: how many iterations without a better validation score before it stops.'],
  ['test pass', 'scoring the 10,000 test digits with the weights as they are (every 10 iterations in the book).'],
  ['biases', 'a number each neuron adds before its ReLU; the book\'s network has none.'],
  ['softmax, cross-entropy', 'outputs turned into probabilities that add up to 1, and the error that fits them; the book uses neither until chapter 9.'],
  ['augmentation', 'each training image randomly shifted, tilted, resized and thickened every pass, so the network sees more kinds of digit.'],
  ['generalization', 'how well what a network learned holds for digits it never saw.'],
  ['underfitting', 'too little capacity, or too little training, to learn even the signal: training and test figures both low.'],
];
