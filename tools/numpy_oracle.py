# Prints what the book's numpy code prints for other settings than the book's: the
# oracle for crate/tests/fixtures/*.txt. The tests themselves never need Python.
# usage: python3 tools/numpy_oracle.py DATA_DIR SEED HIDDEN ALPHA ITERATIONS EVERY KEEP BATCH
# KEEP 1 = no dropout, 0.5 = the book's randint(2) mask. BATCH > 1 = one averaged update per
# batch (the algorithm the text describes, not the printed code's repeated update).
import sys, gzip
import numpy as np

d = sys.argv[1]
seed, hidden, alpha, iterations, every = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
keep, bs = float(sys.argv[7]), int(sys.argv[8])

def idx(name, off):
    return np.frombuffer(gzip.open(f"{d}/{name}").read()[off:], dtype=np.uint8)

x_train = idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 784)
y_train = idx("train-labels-idx1-ubyte.gz", 8)
x_test = idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784)
y_test = idx("t10k-labels-idx1-ubyte.gz", 8)
images, labels = x_train[0:1000] / 255, np.eye(10)[y_train[0:1000]]
test_images, test_labels = x_test / 255, np.eye(10)[y_test]

np.random.seed(seed)
relu = lambda x: (x >= 0) * x
w01 = 0.2 * np.random.random((784, hidden)) - 0.1
w12 = 0.2 * np.random.random((hidden, 10)) - 0.1
for j in range(iterations):
    error, correct = 0.0, 0
    for i in range(len(images) // bs):
        s, e = i * bs, (i + 1) * bs
        l0 = images[s:e]
        l1 = relu(np.dot(l0, w01))
        mask = np.random.randint(2, size=l1.shape) if keep < 1 else np.ones(l1.shape)
        l1 = l1 * mask * (1 / keep)
        l2 = np.dot(l1, w12)
        error += np.sum((labels[s:e] - l2) ** 2)
        for k in range(bs):
            correct += int(np.argmax(l2[k:k + 1]) == np.argmax(labels[s + k:s + k + 1]))
        d2 = (labels[s:e] - l2) / bs
        d1 = d2.dot(w12.T) * mask
        w12 += alpha * l1.T.dot(d2)
        w01 += alpha * l0.T.dot(d1)
    if j % every == 0 or j == iterations - 1:
        err, cnt = 0.0, 0
        for i in range(len(test_images)):
            l2 = np.dot(relu(np.dot(test_images[i:i + 1], w01)), w12)
            err += np.sum((test_labels[i:i + 1] - l2) ** 2)
            cnt += int(np.argmax(l2) == np.argmax(test_labels[i:i + 1]))
        print(f"I:{j} Train-Err:{str(error/len(images))[0:5]} Train-Acc:{correct/len(images)} Test-Err:{str(err/len(test_images))[0:5]} Test-Acc:{cnt/len(test_images)}")
