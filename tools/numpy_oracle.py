# Prints what the book's numpy code prints for other settings than the book's: the
# oracle for crate/tests/fixtures/*.txt. The tests themselves never need Python.
# usage: python3 tools/numpy_oracle.py DATA_DIR SEED HIDDEN ALPHA ITERATIONS EVERY KEEP BATCH [KEY=VALUE ...]
# KEEP 1 = no dropout, 0.5 = the book's randint(2) mask. BATCH > 1 = one averaged update per
# batch (the algorithm the text describes, not the printed code's repeated update).
# Options beyond the book (all off by default, as the book), as `reglab train` names them:
#   true=1      the true ReLU derivative (l1 > 0) instead of the book's relu2deriv (always 1)
#   biases=1    b1 and b2, starting at 0
#   softmax=1   softmax outputs and cross-entropy (Err stays the squared error of the outputs)
#   shuffle=1   order = np.random.permutation(n) at the start of every pass
#   augment=A   every training example a random copy (crate/src/augment.rs), strength A
#   decay=D     pass j learns at alpha / (1 + D * j)
#   train=N     training images (1000)
#   dump=1      then print the final w12[0], w01[300][:10] and b2 with repr (17 digits), to be
#               compared bit for bit (crate/tests/options_oracle.rs)
# exp is Python's math.exp (the C library's, as Rust's f64::exp natively) and the softmax
# sum runs in index order, as crate/src/reference.rs does.
import sys, gzip, math
import numpy as np

d = sys.argv[1]
seed, hidden, alpha, iterations, every = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
keep, bs = float(sys.argv[7]), int(sys.argv[8])
opt = dict(a.split("=") for a in sys.argv[9:])
true_deriv, biases, softmax, shuffle = (opt.get(k, "0") == "1" for k in ("true", "biases", "softmax", "shuffle"))
strength, decay, n = float(opt.get("augment", 0)), float(opt.get("decay", 0)), int(opt.get("train", 1000))

def idx(name, off):
    return np.frombuffer(gzip.open(f"{d}/{name}").read()[off:], dtype=np.uint8)

x_train = idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 784)
y_train = idx("train-labels-idx1-ubyte.gz", 8)
x_test = idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784)
y_test = idx("t10k-labels-idx1-ubyte.gz", 8)
images, labels = x_train[0:n] / 255, np.eye(10)[y_train[0:n]]
test_images, test_labels = x_test / 255, np.eye(10)[y_test]

# crate/src/augment.rs, operation for operation.
def sin_(x):
    x2 = x * x
    return x * (1.0 - x2 / 6.0 * (1.0 - x2 / 20.0 * (1.0 - x2 / 42.0 * (1.0 - x2 / 72.0))))

def cos_(x):
    x2 = x * x
    return 1.0 - x2 / 2.0 * (1.0 - x2 / 12.0 * (1.0 - x2 / 30.0 * (1.0 - x2 / 56.0 * (1.0 - x2 / 90.0))))

Y, X = np.meshgrid(np.arange(28.0), np.arange(28.0), indexing="ij")

def augment(image, a, rng):
    c = lambda: 2.0 * rng.random_sample() - 1.0
    dx = c() * 2.0 * a
    dy = c() * 2.0 * a
    theta = c() * 0.26 * a
    k = 1.0 / (1.0 + c() * 0.15 * a)
    shear = c() * 0.15 * a
    thick = rng.random_sample() * 0.5 * a
    co, si = cos_(theta), sin_(theta)
    m00, m01 = k * co, k * (si - shear * co)
    m10, m11 = -(k * si), k * (co + shear * si)
    u = X - 13.5 - dx
    v = Y - 13.5 - dy
    sx = m00 * u + m01 * v + 13.5
    sy = m10 * u + m11 * v + 13.5
    x0, y0 = np.floor(sx), np.floor(sy)
    fx, fy = sx - x0, sy - y0
    xi, yi = x0.astype(np.int64), y0.astype(np.int64)
    img = image.reshape(28, 28)
    def at(yy, xx):
        ok = (yy >= 0) & (yy < 28) & (xx >= 0) & (xx < 28)
        return np.where(ok, img[np.clip(yy, 0, 27), np.clip(xx, 0, 27)], 0.0)
    top = (1.0 - fx) * at(yi, xi) + fx * at(yi, xi + 1)
    bottom = (1.0 - fx) * at(yi + 1, xi) + fx * at(yi + 1, xi + 1)
    out = (1.0 - fy) * top + fy * bottom
    if thick > 0.0:
        p = np.pad(out, 1)
        nb = np.maximum(np.maximum(np.maximum(np.maximum(0.0, p[:-2, 1:-1]), p[2:, 1:-1]), p[1:-1, :-2]), p[1:-1, 2:])
        out = np.maximum(out, thick * nb)
    return out.reshape(784)

def soft(z):
    top = z[0]
    for v in z[1:]:
        if v > top:
            top = v
    e = [math.exp(v - top) for v in z]
    s = 0.0
    for v in e:
        s += v
    return np.array([v / s for v in e])

np.random.seed(seed)
aug = np.random.RandomState(seed ^ 0x05EEDA06)
relu = lambda x: (x >= 0) * x
w01 = 0.2 * np.random.random((784, hidden)) - 0.1
w12 = 0.2 * np.random.random((hidden, 10)) - 0.1
b1, b2 = np.zeros(hidden), np.zeros(10)

def outputs(l1):
    l2 = np.dot(l1, w12)
    if biases:
        l2 = l2 + b2
    if softmax:
        l2 = np.array([soft(row) for row in l2])
    return l2

def hidden_layer(l0):
    z = np.dot(l0, w01)
    return relu(z + b1 if biases else z)

for j in range(iterations):
    error, correct = 0.0, 0
    a = alpha / (1.0 + decay * j) if decay > 0 else alpha
    order = np.random.permutation(len(images)) if shuffle else np.arange(len(images))
    for i in range(len(images) // bs):
        s, e = i * bs, (i + 1) * bs
        l0, y = images[order[s:e]], labels[order[s:e]]
        if strength > 0:
            l0 = np.array([augment(row, strength, aug) for row in l0])
        l1 = hidden_layer(l0)
        mask = np.random.randint(2, size=l1.shape) if keep < 1 else np.ones(l1.shape)
        l1 = l1 * mask * (1 / keep)
        l2 = outputs(l1)
        error += np.sum((y - l2) ** 2)
        for k in range(bs):
            correct += int(np.argmax(l2[k:k + 1]) == np.argmax(y[k:k + 1]))
        d2 = (y - l2) / bs
        d1 = d2.dot(w12.T) * ((l1 > 0) if true_deriv else 1) * mask
        w12 += a * l1.T.dot(d2)
        w01 += a * l0.T.dot(d1)
        if biases:
            b2 += a * d2.sum(axis=0)
            b1 += a * d1.sum(axis=0)
    if j % every == 0 or j == iterations - 1:
        err, cnt = 0.0, 0
        for i in range(len(test_images)):
            l2 = outputs(hidden_layer(test_images[i:i + 1]))
            err += np.sum((test_labels[i:i + 1] - l2) ** 2)
            cnt += int(np.argmax(l2) == np.argmax(test_labels[i:i + 1]))
        print(f"I:{j} Train-Err:{str(error/len(images))[0:5]} Train-Acc:{correct/len(images)} Test-Err:{str(err/len(test_images))[0:5]} Test-Acc:{cnt/len(test_images)}")
if opt.get("dump") == "1":
    for name, values in (("w12[0]", w12[0]), ("w01[300]", w01[300][:10]), ("b2", b2)):
        print(name, " ".join(repr(float(v)) for v in values))
