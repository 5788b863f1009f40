// A scripted LlmClient for the briefing tests, and helpers shared by them.
//
// FakeLlm answers each Chat call with the next scripted step (an answer or an
// error); once the script is used up, with the responder (when set), else with
// kInternal "fake: script exhausted". Every request is recorded. Usage is
// estimated from the texts (EstimateTokens) and each answered call costs
// $0.001. Embed returns deterministic hashed bag-of-words vectors.
// Thread-safe (map calls run concurrently).
#pragma once

#include <cctype>
#include <cmath>
#include <deque>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "brief/briefing.h"
#include "brief/prompts.h"
#include "llm/client.h"
#include "brief_input_json.h"
#include "testing.h"

namespace ah::brief::testing {

class FakeLlm final : public llm::LlmClient {
 public:
  using Responder = std::function<Result<std::string>(const llm::ChatRequest&)>;

  explicit FakeLlm(std::string model = "fake-model") : model_(std::move(model)) {}

  FakeLlm& Answer(std::string content, std::string finish_reason = "stop") {
    std::lock_guard lock(mu_);
    script_.push_back(Step{std::move(content), std::move(finish_reason), std::nullopt});
    return *this;
  }
  FakeLlm& Fail(Code code, std::string message) {
    std::lock_guard lock(mu_);
    script_.push_back(Step{"", "", Error(code, std::move(message))});
    return *this;
  }
  void SetResponder(Responder r) {
    std::lock_guard lock(mu_);
    responder_ = std::move(r);
  }

  std::vector<llm::ChatRequest> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  size_t calls() const {
    std::lock_guard lock(mu_);
    return requests_.size();
  }

  std::string Describe() const override { return "fake/" + model_; }
  std::string model() const override { return model_; }

  Result<llm::ChatResponse> Chat(const llm::ChatRequest& request) override {
    Step step;
    Responder responder;
    {
      std::lock_guard lock(mu_);
      llm::ChatRequest copy = request;
      copy.on_delta = nullptr;
      copy.cacheable = nullptr;  // may refer to the caller's frame, gone after the call
      requests_.push_back(std::move(copy));
      if (!script_.empty()) {
        step = std::move(script_.front());
        script_.pop_front();
      } else if (responder_) {
        responder = responder_;
      } else {
        step.error = Error(Code::kInternal, "fake: script exhausted");
      }
    }
    if (responder) {
      auto r = responder(request);
      if (!r) return tl::unexpected<Error>(r.error());
      step.content = *r;
      step.finish_reason = "stop";
    }
    if (step.error) return tl::unexpected<Error>(*step.error);
    llm::ChatResponse resp;
    resp.content = step.content;
    resp.finish_reason = step.finish_reason;
    resp.model = model_;
    for (const auto& m : request.messages) resp.usage.prompt_tokens += EstimateTokens(m.content);
    resp.usage.completion_tokens = EstimateTokens(step.content);
    resp.usage.cost_usd = 0.001;
    resp.usage.attempts = 1;
    if (request.on_delta) request.on_delta(resp.content);
    std::lock_guard lock(mu_);
    ++accounting_.calls;
    accounting_.prompt_tokens += resp.usage.prompt_tokens;
    accounting_.completion_tokens += resp.usage.completion_tokens;
    accounting_.cost_usd += resp.usage.cost_usd;
    return resp;
  }

  Result<llm::EmbeddingResponse> Embed(const std::vector<std::string>& texts) override {
    llm::EmbeddingResponse r;
    r.model = "fake-embed";
    for (const auto& t : texts) {
      std::vector<float> v(32, 0.f);
      std::string word;
      auto flush = [&] {
        if (word.empty()) return;
        v[std::hash<std::string>{}(word) % v.size()] += 1.f;
        word.clear();
      };
      for (char c : t) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
          word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else {
          flush();
        }
      }
      flush();
      float norm = 0;
      for (float x : v) norm += x * x;
      if (norm > 0) {
        for (float& x : v) x /= std::sqrt(norm);
      }
      r.vectors.push_back(std::move(v));
    }
    return r;
  }

  llm::Accounting accounting() const override {
    std::lock_guard lock(mu_);
    return accounting_;
  }

 private:
  struct Step {
    std::string content;
    std::string finish_reason;
    std::optional<Error> error;
  };
  const std::string model_;
  mutable std::mutex mu_;
  std::deque<Step> script_;
  Responder responder_;
  std::vector<llm::ChatRequest> requests_;
  llm::Accounting accounting_;
};

// The last user message of a request (the papers, or the retry instructions).
inline std::string LastUser(const llm::ChatRequest& r) {
  for (auto it = r.messages.rbegin(); it != r.messages.rend(); ++it) {
    if (it->role == "user") return it->content;
  }
  return "";
}

// All user messages of a request joined.
inline std::string AllUser(const llm::ChatRequest& r) {
  std::string out;
  for (const auto& m : r.messages) {
    if (m.role == "user") out += m.content + "\n";
  }
  return out;
}

// Paper numbers shown in a prompt: lines starting "[n] ".
inline std::vector<int> NumbersInPrompt(std::string_view text) {
  std::vector<int> out;
  size_t i = 0;
  while (i < text.size()) {
    size_t eol = text.find('\n', i);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(i, eol - i);
    if (line.size() > 3 && line[0] == '[') {
      size_t close = line.find("] ");
      if (close != std::string_view::npos && close > 1 && close < 8) {
        bool digits = true;
        for (size_t k = 1; k < close; ++k)
          digits = digits && std::isdigit(static_cast<unsigned char>(line[k]));
        if (digits) out.push_back(std::stoi(std::string(line.substr(1, close - 1))));
      }
    }
    i = eol + 1;
  }
  return out;
}

// A valid answer citing `numbers`: one theme per two papers, a must-read.
// With `extra_unknown` > 0, also cites that number (a paper never given).
inline std::string AnswerFor(const std::vector<int>& numbers, bool zh, int extra_unknown = 0) {
  using nlohmann::json;
  json themes = json::array();
  for (size_t i = 0; i < numbers.size(); i += 2) {
    json papers = json::array({numbers[i]});
    std::string cites = "[" + std::to_string(numbers[i]) + "]";
    if (i + 1 < numbers.size()) {
      papers.push_back(numbers[i + 1]);
      cites += "[" + std::to_string(numbers[i + 1]) + "]";
    }
    if (extra_unknown > 0) {
      papers.push_back(extra_unknown);
      cites += "[" + std::to_string(extra_unknown) + "]";
    }
    themes.push_back(
        {{"title", zh ? "主题" + std::to_string(i / 2 + 1) : "Theme " + std::to_string(i / 2 + 1)},
         {"summary", (zh ? "这些论文提出了新的方法并报告了实验结果 "
                         : "These papers propose new methods and report experiments ") +
                         cites},
         {"papers", papers},
         {"findings",
          json::array({(zh ? "方法在基准上有所提升 " : "The method improves on the benchmark ") +
                       cites})}});
  }
  json j = {
      {"overview", (zh ? "本期共有多项研究，涉及多个领域 ["
                       : "This period brings work across several fields [") +
                       std::to_string(numbers.front()) + "]."},
      {"themes", themes},
      {"bridges", json::array()},
      {"trends", json::array({zh ? "方法正在跨领域迁移" : "Methods move across fields"})},
      {"must_reads", json::array({{{"paper", numbers.front()},
                                   {"why", zh ? "最具代表性" : "The most representative"}}})}};
  return j.dump();
}

// The eight papers of tests/data/brief_llm/papers.json, in `lang`.
inline BriefInput LoadInput(const std::string& lang = "en") {
  BriefInput in = ReadBriefInput("brief_llm/papers.json");
  in.lang = lang;
  return in;
}

}  // namespace ah::brief::testing
