// Announcement calendars: when each source family makes new papers public and which listing
// date those papers carry. Pure functions of their arguments ("now" comes from an injected
// ah::Clock); thread-safe.
//
// arXiv: new submissions are announced at 20:00 US Eastern time Sunday through Thursday; none on
//   Friday and Saturday evenings. An announcement made on evening D is listed under date D+1
//   (Sunday 20:00 -> Monday's listing; the RSS items carry pubDate "Mon, ... 00:00:00 -0400"),
//   so listing dates are Monday-Friday. US Eastern time follows the US DST rule (since 2007:
//   second Sunday of March 02:00 to first Sunday of November 02:00; 1987-2006: first Sunday of
//   April to last Sunday of October, also used for earlier years), computed here without a time
//   zone database. Holidays: arXiv defers mailings around some US holidays, announced ad hoc on
//   its status page and blog; no holiday list is built in (the published lists could not be
//   checked), so on such a day the calendar predicts an announcement that does not come, and a
//   fetch that finds the previous listing simply finds nothing new. The RSS feeds are rebuilt
//   around 00:00 Eastern (lastBuildDate 04:00 UTC in summer), a few hours after the 20:00
//   announcement.
// bioRxiv / medRxiv: post continuously every day; a day's listing is its calendar date in US
//   Eastern time (Cold Spring Harbor), starting at 00:00 Eastern.
// Everything else (journal feeds, Crossref, PubMed, OpenAlex, unknown names): treated as daily,
//   a day's listing being its UTC calendar date, starting at 00:00 UTC.
//
// `source_family` is matched case-insensitively and may carry a channel after ':'
// ("arxiv:cs.LG" is arXiv). Times are Unix seconds, clamped to 1970-01-01..9998-12-31; dates
// outside that range count as not dates.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ah::sources {

struct Announcement {
  std::string date;     // the announcement's listing date, YYYY-MM-DD
  int64_t at_unix = 0;  // the moment it goes out
};

enum class Cadence {
  kArxiv,         // Sunday-Thursday 20:00 US Eastern, listed the next day
  kDailyEastern,  // every day from 00:00 US Eastern (bioRxiv, medRxiv)
  kDailyUtc,      // every day from 00:00 UTC (everything else)
};
Cadence CadenceOf(std::string_view source_family);

// True when US daylight saving time is in effect at that instant.
bool IsUsEasternDst(int64_t unix_seconds);
// Offset of US Eastern time from UTC at that instant: -14400 (EDT) or -18000 (EST).
int64_t UsEasternUtcOffset(int64_t unix_seconds);

// The most recent announcement at or before `now_unix` ("today" for that source).
Announcement CurrentAnnouncement(std::string_view source_family, int64_t now_unix);
// Its listing date.
std::string CurrentAnnouncementDate(std::string_view source_family, int64_t now_unix);
// The first announcement strictly after `now_unix`.
Announcement NextAnnouncement(std::string_view source_family, int64_t now_unix);

// True when the source lists an announcement under `date` (arXiv: Monday-Friday). False for
// anything ah::date::Parse does not accept.
bool HasAnnouncementOn(std::string_view source_family, std::string_view date);
// The announcement listed under `date`, or when there is none that day, the next one after it.
// {"", 0} when `date` is not a date.
Announcement AnnouncementListedOnOrAfter(std::string_view source_family, std::string_view date);

// The family's name for people: "arXiv", "bioRxiv", "medRxiv", else the family as given.
std::string_view DisplayName(std::string_view family);

// "Sunday 2026-11-29 20:00 ET (01:00 UTC Monday)"; the UTC weekday only when it differs.
std::string DescribeEasternTime(int64_t unix_seconds);

}  // namespace ah::sources
