// What the radar pages (radars.cc, radar_day.cc) and the radar API
// (api_radars.cc) share: the radar a request names, limits on what a user may
// store in a radar, error messages that name the field, the pages' phrases.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.h"
#include "service/radars.h"
#include "web/app.h"
#include "web/i18n.h"

namespace ah::web::radars {

// The route's {id} as a radar id; 0 when it is not a positive number.
int64_t RadarIdOf(const Request& req);

// The viewer's radar named by the route's {id}, with its feedback. Errors:
// kNotFound for an id that is not a number, not a radar, or another user's
// radar (the same answer for all three).
[[nodiscard]] Result<store::RadarDefinition> RadarOfRequest(Context& ctx);

// Size limits of what a user stores in a radar (the request body limit
// bounds the rest): kInvalidArgument naming the field.
[[nodiscard]] Status CheckLimits(const service::RadarFields& f);

// The same limits for one list field (`field` names it in the message).
[[nodiscard]] Status CheckList(const std::vector<std::string>& list, std::string_view field);

// Only an administrator marks a radar public (an instance's Curated Daily
// topic): kPermissionDenied naming the field for anyone else asking for it.
[[nodiscard]] Status CheckPublic(const Context& ctx, const service::RadarFields& f);

// `e` as an input error of `field`: kInvalidArgument "field: message". Used
// for a kNotFound about a paper the request named (a seed, a rated paper)
// once the radar itself is known to be the viewer's: a bad reference in the
// input, not a missing resource.
Error FieldError(std::string_view field, const Error& e);

// The export formats accepted for seed uploads: "auto", "bibtex", "ris",
// "csl-json". kInvalidArgument naming `field` otherwise.
[[nodiscard]] Status CheckFormat(const std::string& format, std::string_view field);

// The radar pages' phrases, added to `t`.
void AddRadarStrings(Lang lang, nlohmann::json* t);

// Records the viewer's like / dislike / save / hide of `paper` (any id form)
// in radar `r` and returns the paper's library key. Errors: kInvalidArgument
// naming "paper" (missing, or not in the library) or "action".
[[nodiscard]] Result<std::string> RecordFeedback(Context& ctx, const store::RadarDefinition& r,
                                                 const std::string& paper,
                                                 const std::string& action);

// Whether visitors may see a change to `r` (a public radar): the visitors'
// page cache must then be renewed.
inline void NoteChange(Context& ctx, const store::RadarDefinition& r) {
  if (r.is_public) ctx.app().BumpPublicVersion();
}

}  // namespace ah::web::radars
