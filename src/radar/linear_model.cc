#include "radar/linear_model.h"

#include <linear.h>

#include <cstdlib>
#include <mutex>
#include <string>

namespace ah::radar {
namespace {

void Quiet(const char*) {}

std::mutex& TrainMutex() {
  static std::mutex m;
  return m;
}

}  // namespace

Result<LinearModel> TrainLinear(const std::vector<Example>& examples, uint32_t num_features,
                                const LinearOptions& options) {
  size_t pos = 0, neg = 0, nnz = 0;
  for (const auto& e : examples) {
    (e.positive ? pos : neg) += 1;
    nnz += e.n;
  }
  if (pos == 0 || neg == 0)
    return MakeError(Code::kInvalidArgument,
                     "radar model: training needs positive and negative examples (have " +
                         std::to_string(pos) + " positive, " + std::to_string(neg) + " negative)");
  const bool has_bias = options.bias >= 0;
  std::vector<feature_node> nodes;
  nodes.reserve(nnz + examples.size() * (has_bias ? 2 : 1));
  std::vector<size_t> starts;
  std::vector<double> y;
  starts.reserve(examples.size());
  y.reserve(examples.size());
  for (const auto& e : examples) {
    starts.push_back(nodes.size());
    for (size_t k = 0; k < e.n; ++k)
      nodes.push_back({static_cast<int>(e.cols[k]) + 1, static_cast<double>(e.vals[k])});
    if (has_bias) nodes.push_back({static_cast<int>(num_features) + 1, options.bias});
    nodes.push_back({-1, 0.0});
    y.push_back(e.positive ? 1.0 : -1.0);
  }
  std::vector<feature_node*> x;
  x.reserve(examples.size());
  for (size_t s : starts) x.push_back(nodes.data() + s);

  problem prob{};
  prob.l = static_cast<int>(examples.size());
  prob.n = static_cast<int>(num_features) + (has_bias ? 1 : 0);
  prob.y = y.data();
  prob.x = x.data();
  prob.bias = has_bias ? options.bias : -1;

  int labels[2] = {1, -1};
  double n = static_cast<double>(examples.size());
  double weights[2] = {options.balanced ? n / (2.0 * static_cast<double>(pos)) : 1.0,
                       options.balanced ? n / (2.0 * static_cast<double>(neg)) : 1.0};
  parameter param{};
  param.solver_type =
      options.solver == LinearSolver::kSvcL2Loss ? L2R_L2LOSS_SVC_DUAL : L2R_LR_DUAL;
  param.eps = options.eps;
  param.C = options.C;
  param.nr_weight = 2;
  param.weight_label = labels;
  param.weight = weights;
  param.p = 0.1;
  param.init_sol = nullptr;
  if (const char* err = check_parameter(&prob, &param))
    return MakeError(Code::kInvalidArgument, std::string("radar model: liblinear: ") + err);

  model* m = nullptr;
  {
    std::lock_guard<std::mutex> lock(TrainMutex());
    set_print_string_function(&Quiet);
    std::srand(options.seed);
    m = train(&prob, &param);
  }
  if (!m) return MakeError(Code::kInternal, "radar model: liblinear returned no model");
  // liblinear orders classes by first appearance; w scores label[0].
  double sign = m->label[0] == 1 ? 1.0 : -1.0;
  LinearModel out;
  out.w.resize(num_features);
  for (uint32_t j = 0; j < num_features; ++j) out.w[j] = static_cast<float>(sign * m->w[j]);
  out.b = has_bias ? static_cast<float>(sign * m->w[num_features] * options.bias) : 0.0f;
  free_and_destroy_model(&m);
  return out;
}

}  // namespace ah::radar
