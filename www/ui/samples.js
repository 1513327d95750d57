// The grid of test digits with the network's predictions: the digit as the network sees it
// (white ink on black), the predicted digit, and a tick or a cross (not colour alone).

export function drawDigit(canvas, bytes, offset = 0) {
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(28, 28);
  for (let i = 0; i < 784; i += 1) {
    const v = bytes[offset + i];
    image.data.set([v, v, v, 255], i * 4);
  }
  ctx.putImageData(image, 0, 0);
}

export function createSamples(list) {
  return {
    render({ mode, indices, labels, predictions, images }) {
      list.replaceChildren();
      if (indices.length === 0) {
        const item = document.createElement('li');
        item.textContent = mode === 'mistakes' ? 'No mistakes on the test set.' : 'No test digits.';
        list.append(item);
        return;
      }
      indices.forEach((index, i) => {
        const item = document.createElement('li');
        const canvas = document.createElement('canvas');
        canvas.width = 28;
        canvas.height = 28;
        drawDigit(canvas, images, i * 784);
        const guess = predictions[i];
        const right = guess === labels[i];
        const caption = document.createElement('span');
        caption.className = right ? 'right' : 'wrong';
        caption.textContent = right ? `${guess} ✓` : `${guess} ✗`;
        item.title = `Test image ${index}: label ${labels[i]}, predicted ${guess}`;
        canvas.setAttribute('aria-label', item.title);
        canvas.setAttribute('role', 'img');
        item.dataset.correct = String(right);
        item.append(canvas, caption);
        if (!right) {
          const truth = document.createElement('small');
          truth.textContent = ` (is ${labels[i]})`;
          item.append(truth);
        }
        list.append(item);
      });
    },
  };
}
