// An OpenAI-compatible provider on loopback for the web tests: answers
// POST /v1/chat/completions from the prompt itself — the numbered papers
// ("[n] title" lines) become a briefing citing them, or TL;DRs when the
// system prompt asks for {"tldr": ...} — in the prompt's language (Chinese
// when the system prompt has CJK characters). Records the Authorization
// header of every request. Thread-safe; serves until destroyed.
#pragma once

#include <httplib.h>

#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace ah::web::testing {

class FakeOpenAi {
 public:
  FakeOpenAi() {
    server_.Post("/v1/chat/completions",
                 [this](const httplib::Request& req, httplib::Response& res) { Chat(req, res); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 5000 && !server_.is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FakeOpenAi() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  std::string BaseUrl() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }
  int port() const { return port_; }
  std::vector<std::string> authorizations() const {
    std::lock_guard<std::mutex> lock(mu_);
    return auth_;
  }
  size_t calls() const {
    std::lock_guard<std::mutex> lock(mu_);
    return auth_.size();
  }

 private:
  static bool HasCjk(const std::string& s) {
    // U+4E00..U+9FFF in UTF-8: lead bytes E4..E9.
    for (unsigned char c : s)
      if (c >= 0xE4 && c <= 0xE9) return true;
    return false;
  }

  void Chat(const httplib::Request& req, httplib::Response& res) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      auth_.push_back(req.get_header_value("Authorization"));
    }
    auto body = nlohmann::json::parse(req.body, nullptr, false);
    std::string system, user;
    if (!body.is_discarded())
      for (const auto& m : body.value("messages", nlohmann::json::array())) {
        if (m.value("role", "") == "system") system += m.value("content", "");
        if (m.value("role", "") == "user") user += m.value("content", "") + "\n";
      }
    std::vector<int> numbers;
    std::set<int> seen;
    static const std::regex line("^\\[(\\d+)\\] ");
    std::istringstream in(user);
    for (std::string l; std::getline(in, l);) {
      std::smatch m;
      if (std::regex_search(l, m, line) && seen.insert(std::stoi(m[1])).second)
        numbers.push_back(std::stoi(m[1]));
    }
    const bool zh = HasCjk(system);
    nlohmann::json answer;
    if (system.find("\"tldr\"") != std::string::npos) {
      nlohmann::json items = nlohmann::json::array();
      for (int n : numbers)
        items.push_back({{"n", n},
                         {"text", zh ? "该研究提出了一种新方法并报告了主要实验结果。"
                                     : "The work proposes a method and reports its main result."}});
      answer = {{"tldr", items}};
    } else {
      auto cite = [](const std::vector<int>& ns) {
        std::string s;
        for (int n : ns) s += "[" + std::to_string(n) + "]";
        return s;
      };
      std::vector<int> first(numbers.begin(),
                             numbers.begin() + std::min<size_t>(2, numbers.size()));
      using J = nlohmann::json;
      J theme = {
          {"title", zh ? "图学习的新方法" : "New graph learning methods"},
          {"summary",
           zh ? "这些论文提出了新的图学习方法并报告了实验结果" + cite(numbers) + "。"
              : "These papers propose graph methods and report results " + cite(numbers) + "."},
          {"papers", numbers},
          {"findings",
           J::array({zh ? "第一篇论文给出了主要发现" + cite(first) + "。"
                        : "The first paper reports its main finding " + cite(first) + "."})}};
      J must = {{"paper", numbers.empty() ? 1 : numbers[0]},
                {"why", zh ? "结果最为具体。" : "The most concrete results."}};
      answer = J::object();
      answer["overview"] =
          zh ? "本期论文集中于图学习方法的新进展" + cite(first) + "。"
             : "This period brings new work on graph learning " + cite(first) + ".";
      answer["themes"] = J::array({theme});
      answer["bridges"] = J::array();
      answer["trends"] = J::array({zh ? "方法正在不同任务之间迁移" + cite(first) + "。"
                                      : "Methods move between tasks " + cite(first) + "."});
      answer["must_reads"] = J::array({must});
    }
    nlohmann::json out = {
        {"id", "chatcmpl-1"},
        {"object", "chat.completion"},
        {"model", "test-model"},
        {"choices",
         {{{"index", 0},
           {"message", {{"role", "assistant"}, {"content", answer.dump()}}},
           {"finish_reason", "stop"}}}},
        {"usage", {{"prompt_tokens", 1000}, {"completion_tokens", 200}, {"total_tokens", 1200}}}};
    res.set_content(out.dump(), "application/json");
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = -1;
  mutable std::mutex mu_;
  std::vector<std::string> auth_;
};

}  // namespace ah::web::testing
