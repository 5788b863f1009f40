// Linear models over sparse features, trained with liblinear (Fan et al.,
// "LIBLINEAR: A Library for Large Linear Classification", JMLR 9, 2008).
//
// Thread-safety: training calls are serialised internally (liblinear draws
// from the C library's rand(), which is seeded before each call so that
// results are reproducible); a trained LinearModel is an immutable value.
#pragma once

#include <cstdint>
#include <vector>

#include "core/result.h"
#include "radar/features.h"

namespace ah::radar {

enum class LinearSolver {
  kSvcL2Loss,  // L2-regularised L2-loss SVC, dual (liblinear L2R_L2LOSS_SVC_DUAL; sklearn
               // LinearSVC)
  kLogistic,   // L2-regularised logistic regression, dual (L2R_LR_DUAL)
};

struct LinearOptions {
  LinearSolver solver = LinearSolver::kSvcL2Loss;
  double C = 0.01;
  // Class weights n / (2 n_c) as scikit-learn's class_weight="balanced".
  bool balanced = true;
  // A constant feature of this value is appended and regularised like the
  // others (sklearn's intercept_scaling); < 0: no intercept.
  double bias = 1.0;
  double eps = 1e-4;  // stopping tolerance (sklearn's tol)
  unsigned seed = 1;  // for liblinear's coordinate shuffling
};

// w over the feature space (dense, size = number of features) and intercept.
struct LinearModel {
  std::vector<float> w;
  float b = 0;
  double Score(const uint32_t* cols, const float* vals, size_t n) const {
    double s = b;
    for (size_t k = 0; k < n; ++k) s += double(vals[k]) * w[cols[k]];
    return s;
  }
};

// One training example: a sparse row (ascending columns) and its label.
struct Example {
  const uint32_t* cols = nullptr;
  const float* vals = nullptr;
  size_t n = 0;
  bool positive = false;
};

// Trains a binary classifier; Score() > 0 predicts the positive class.
// Errors: kInvalidArgument when a class has no example, or liblinear rejects
// the parameters.
[[nodiscard]] Result<LinearModel> TrainLinear(const std::vector<Example>& examples,
                                              uint32_t num_features, const LinearOptions& options);

}  // namespace ah::radar
