// A radar's delivery page (/radars/{id}/feed: its Atom feed, webhooks and
// exports), shared by feeds.cc (the page) and webhooks.cc (its webhook forms,
// which render the page again with their result).
#pragma once

#include <nlohmann/json.hpp>

#include "store/radar_store.h"
#include "web/app.h"

namespace ah::web {

// The page of radar `r` (the viewer's), with `extra` merged into its view
// (messages: "hook_done", "hook_error", "hook_form", "test_result").
[[nodiscard]] Result<Response> RadarDeliveryPage(Context& ctx, const store::RadarDefinition& r,
                                                 nlohmann::json extra, int status = 200);

// The webhooks part of that page's view: "hooks" (masked), "kinds", and the
// section's phrases added to `strings`.
[[nodiscard]] Result<nlohmann::json> WebhooksView(Context& ctx, int64_t radar_id,
                                                  nlohmann::json* strings);

}  // namespace ah::web
