#include "media/fileset/span.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

namespace discus::media::fileset {

using base::Error;
using base::ErrorCode;
using base::Result;

namespace {

std::uint64_t blocks(std::uint64_t bytes, std::uint64_t block) {
  return block == 0 ? bytes : (bytes + block - 1) / block * block;
}

struct Study {
  std::string patient_id, study_uid;
  std::map<std::string, std::vector<std::size_t>> series;  // Series Instance UID -> items, input order
  std::uint64_t bytes = 0;
  std::size_t instances = 0;
};

class Planner {
 public:
  Planner(const std::vector<SpanItem>& items, std::uint64_t usable, std::uint64_t block)
      : items_(items), usable_(usable), block_(block) {}

  void place_whole(const Study& s, StudyPlacement& where) {
    std::size_t v = 0;
    while (v < plan_.volumes.size() && plan_.volumes[v].bytes + s.bytes > usable_) ++v;
    if (v == plan_.volumes.size()) plan_.volumes.emplace_back();
    for (const auto& [uid, list] : s.series)
      for (std::size_t i : list) put(v, i);
    where.volumes.push_back(v);
  }

  // A study larger than a volume: whole series on fresh consecutive volumes; a series larger
  // than a volume, instance by instance.
  void place_split(const Study& s, StudyPlacement& where) {
    std::size_t v = plan_.volumes.size();
    plan_.volumes.emplace_back();
    auto place = [&](std::size_t i) {
      put(v, i);
      if (where.volumes.empty() || where.volumes.back() != v) where.volumes.push_back(v);
    };
    auto room = [&](std::uint64_t bytes) {
      if (!plan_.volumes[v].items.empty() && plan_.volumes[v].bytes + bytes > usable_) {
        v = plan_.volumes.size();
        plan_.volumes.emplace_back();
      }
    };
    for (const auto& [uid, list] : s.series) {
      std::uint64_t series_bytes = 0;
      for (std::size_t i : list) series_bytes += size(i);
      if (series_bytes <= usable_) {
        room(series_bytes);
        for (std::size_t i : list) place(i);
      } else {
        for (std::size_t i : list) {
          room(size(i));
          place(i);
        }
      }
    }
  }

  std::uint64_t size(std::size_t i) const { return blocks(items_[i].size, block_); }
  void put(std::size_t v, std::size_t i) {
    plan_.volumes[v].items.push_back(i);
    plan_.volumes[v].bytes += size(i);
  }
  SpanPlan take() {
    for (SpanVolume& v : plan_.volumes) std::sort(v.items.begin(), v.items.end());
    return std::move(plan_);
  }
  SpanPlan plan_;

 private:
  const std::vector<SpanItem>& items_;
  std::uint64_t usable_, block_;
};

}  // namespace

Result<SpanPlan> plan_span(const std::vector<SpanItem>& items, const SpanOptions& o) {
  const std::uint64_t reserved = blocks(o.reserved_bytes, o.block_size);
  if (o.volume_bytes != 0 && reserved >= o.volume_bytes)
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("a volume of {} bytes has no room left after the {} bytes reserved for DICOMDIR, README "
                             "and manifest",
                             o.volume_bytes, reserved)};
  const std::uint64_t usable = o.volume_bytes == 0 ? UINT64_MAX : o.volume_bytes - reserved;
  std::map<std::string, Study> by_uid;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const SpanItem& it = items[i];
    const std::uint64_t size = blocks(it.size, o.block_size);
    if (size > usable)
      return Error{ErrorCode::kLimitExceeded,
                   fmt::format("instance '{}' takes {} bytes but a volume holds {} (after {} reserved); no spanning "
                               "can put it on this medium",
                               it.name, size, usable, reserved)}
          .in_file(it.name);
    Study& s = by_uid[it.study_uid];
    if (s.instances == 0) {
      s.patient_id = it.patient_id;
      s.study_uid = it.study_uid;
    }
    s.series[it.series_uid].push_back(i);
    s.bytes += size;
    ++s.instances;
  }
  std::vector<const Study*> order;
  for (const auto& [uid, s] : by_uid) order.push_back(&s);
  std::stable_sort(order.begin(), order.end(), [](const Study* a, const Study* b) {
    return std::tie(a->patient_id, a->study_uid) < std::tie(b->patient_id, b->study_uid);
  });
  Planner p(items, usable, o.block_size);
  for (const Study* s : order) {
    StudyPlacement where{s->patient_id, s->study_uid, {}, s->instances, s->bytes};
    if (s->bytes <= usable) p.place_whole(*s, where);
    else p.place_split(*s, where);
    p.plan_.studies.push_back(std::move(where));
  }
  return p.take();
}

}  // namespace discus::media::fileset
