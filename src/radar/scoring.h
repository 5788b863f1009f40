// Internal to radar/ (not part of its interface): the scoring pieces shared by
// model building (pseudo-relevance feedback, the relevance floor's
// calibration) and ranking (rank.cc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "radar/radar.h"

namespace ah::radar::internal {

// Dot product of two dense vectors of n floats.
float Dot(const float* a, const float* b, size_t n);

// (s - mean) / stddev in place; all zeros when the component is constant.
// With `include`, the statistics are those of the included entries only.
void ZNormalize(std::vector<double>& s, const std::vector<uint8_t>* include = nullptr);

// The raw text components of every paper of a batch: learned w.x (without
// the bias), cosine to the centroid, BM25 of the radar's text. A component
// the model does not have (or whose weight is 0) is left empty.
struct TextScores {
  std::vector<double> learned, semantic, lexical;
};
TextScores ScoreText(const RadarIndex& index, const RadarModel& m, const Batch& batch);

// The calibrated relevance of batch paper d (RadarModel::Floor); NaN when
// the floor is not calibrated.
double Relevance(const RadarModel& m, const TextScores& s, size_t d);

// Fills m->floor from the library sample (RadarIndex::calibration()): per
// component its median and 1.4826 MAD (the standard deviation when the MAD is
// 0), then the same of their weighted sum. Leaves it unset (no floor) without
// a sample or without any text component.
void CalibrateFloor(const RadarIndex& index, double threshold, RadarModel* m);

// Per batch paper (among those `keep` flags), whether it is a close neighbour
// of a paper the radar's reader disliked: its tf-idf cosine to it reaches
// m.dislike_neighbour_tfidf (a near-duplicate), or it is among the
// m.dislike_neighbours batch papers closest to it by embedding and stands out
// from the batch (cosine at least m.dislike_neighbour_z standard deviations
// above the batch's mean cosine to it).
std::vector<uint8_t> DislikedNeighbours(const RadarIndex& index, const RadarModel& m,
                                        const Batch& batch, const std::vector<uint8_t>& keep);

// The share of the radar's words (m.lexical) that batch paper d has, each
// word weighted by its BM25 idf; 0 without words.
double Coverage(const RadarIndex& index, const RadarModel& m, const Batch& batch, uint32_t d);

}  // namespace ah::radar::internal
