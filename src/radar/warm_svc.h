// A warm-started linear SVC for the radar's instant feedback update.
//
// Solves the same problem as TrainLinear with LinearSolver::kSvcL2Loss
// (liblinear's L2R_L2LOSS_SVC_DUAL: L2-regularised L2-loss SVC, balanced class
// weights, the bias as a regularised constant feature) by the same dual
// coordinate descent with shrinking and the same stopping rule (Hsieh et al.,
// "A Dual Coordinate Descent Method for Large-scale Linear SVM", ICML 2008,
// Algorithm 3), but can start from a previous model instead of alpha = 0.
// The dual is
//   min_a 0.5 a^T (Q + D) a - e^T a,  a >= 0,  Q_ij = y_i y_j x_i.x_j,
//   D_ii = 1 / (2 C_i),  w = sum_i a_i y_i x_i
// and at the optimum a_i = 2 C_i max(0, 1 - y_i (w.x_i + b)). From a model
// close to the answer (the radar's model before one like) the start is
//   a_i = t 2 C_i max(0, 1 - y_i f_i),  f_i = the start model's decision value,
// with t the exact line search of the dual along that direction. A few passes
// from there rank as the converged model does (radar-eval tasks, three rounds
// of a like and a dislike: with 3 passes the same nDCG@10 as liblinear run to
// its tolerance, top-10 overlap 0.999).
//
// w is kept in float over the whole vocabulary (half the cache footprint of
// double; the dot products are summed in double); the start and the answer
// are sparse.
//
// Thread-safety: a pure function (its own seeded generator, no global state).
#pragma once

#include <cstdint>
#include <vector>

#include "core/result.h"
#include "radar/linear_model.h"

namespace ah::radar {

// A linear model as its non-zero weights: ids ascending, w parallel, b intercept.
struct SparseLinearModel {
  std::vector<uint32_t> ids;
  std::vector<float> w;
  float b = 0;
};

struct WarmSvcOptions {
  int max_passes = 1000;  // passes over the examples (liblinear: 1000)
  size_t max_terms = 0;   // keep only the largest |w| (ties: lower id first); 0 = all
};

struct WarmSvcStats {
  int passes = 0;          // passes over the (active) examples made
  bool converged = false;  // the projected-gradient spread reached options.eps
};

// Trains on `examples` (columns < num_features) from `start` (nullptr: from
// alpha = 0, as liblinear). Only options.C, balanced, bias, eps and seed are
// used; the solver is always the L2-loss SVC.
// Errors: kInvalidArgument when a class has no example, C <= 0, or a column
// is out of range.
[[nodiscard]] Result<SparseLinearModel> TrainSvcWarm(
    const std::vector<Example>& examples, uint32_t num_features, const LinearOptions& options,
    const SparseLinearModel* start, const WarmSvcOptions& warm = {}, WarmSvcStats* stats = nullptr);

}  // namespace ah::radar
