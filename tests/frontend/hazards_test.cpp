// Hazards: one construct per line, the hazard it must give (or not) beside it.
#include "frontend_support.hpp"

#include <algorithm>

using namespace cleave;
using cleave::test::parse_one;

namespace {

// "line kind: what", in line order, for every hazard of the parse.
std::vector<std::string> hazards(const test::Parsed& p) {
  std::vector<Hazard> all;
  for (const auto& tu : p.tus) all.insert(all.end(), tu.hazards.begin(), tu.hazards.end());
  std::sort(all.begin(), all.end());
  std::vector<std::string> out;
  for (const auto& h : all)
    out.push_back(std::to_string(h.loc.line) + " " + std::string(to_string(h.kind)) + ": " + h.what);
  return out;
}

const Hazard& only_hazard_at(const test::Parsed& p, unsigned line) {
  const Hazard* found = nullptr;
  for (const auto& tu : p.tus) {
    for (const auto& h : tu.hazards) {
      if (h.loc.line != line) continue;
      if (found) FAIL("two hazards on line " << line);
      found = &h;
    }
  }
  if (!found) FAIL("no hazard on line " << line);
  return *found;
}

// Like test::parse, with extra files outside the project and extra flags.
test::Parsed parse_with(const std::map<std::string, std::string>& files, const std::vector<std::string>& flags) {
  frontend::FrontendOptions options;
  options.project_root = test::kRoot;
  for (const auto& [path, content] : files) {
    options.unsaved.push_back({path[0] == '/' ? path : test::kRoot + "/" + path, content});
  }
  std::vector<std::string> args{"-std=c++17", "-I" + test::kRoot};
  args.insert(args.end(), flags.begin(), flags.end());
  test::Parsed p;
  p.tus = frontend::parse_all({{test::kRoot + "/main.cpp", args, {}}}, options);
  p.model = merge(p.tus);
  return p;
}

}  // namespace

TEST_CASE("mutable static state: globals, class statics, function-local statics", "[hazards][state]") {
  auto p = parse_one(R"(#include <map>
namespace game { struct Player {}; }
std::map<int, game::Player*> g_players;                // State: global
int hits = 0;                                          // State: global
thread_local int tl_depth = 0;                         // State: thread_local global
const int kMax = 10;                                   // const: none
constexpr int kTable[] = {1, 2, 3};                    // constexpr: none
const char* kName = "players";                         // a string constant: none
static const char* const kPaths[] = {"a", "b"};        // none
extern int declared_elsewhere;                         // a declaration: none
struct Counter { static int total; static const int limit = 3; static constexpr int step = 1; };
int Counter::total = 0;                                // State: static member, at its definition
int next_id() {
  static int id = 0;                                   // State: function-local static
  static const int table[] = {1, 2};                   // static const local table: none
  int local = 1;                                       // automatic: none
  return ++id + table[0] + local;
}
)");
  CHECK(hazards(p) == std::vector<std::string>{
                          "3 state: global std::map<int, game::Player *> g_players",
                          "4 state: global int hits",
                          "5 state: thread_local global int tl_depth",
                          "12 state: static member int Counter::total",
                          "14 state: function-local static int id",
                      });
  const Hazard& local = only_hazard_at(p, 14);
  CHECK(local.function == p.id("next_id"));
  CHECK_FALSE(local.variable.empty());
  const Hazard& global = only_hazard_at(p, 3);
  CHECK(global.function.empty());
  CHECK(global.variable == p.id("g_players"));
}

TEST_CASE("singletons: the one instance handed out by an accessor", "[hazards][state]") {
  auto p = parse_one(R"(#include <memory>
struct Registry {
  static Registry& instance() {
    static Registry one;                               // singleton (function-local)
    return one;
  }
};
class Config {
 public:
  static Config* getInstance();
 private:
  static std::unique_ptr<Config> self_;
};
std::unique_ptr<Config> Config::self_;                 // singleton (static member)
Config* Config::getInstance() { return self_.get(); }
struct Pool { static Pool& make() { static Pool p; return p; } };  // singleton: the class's own static accessor
Pool& pool_of_day() { static Pool p; return p; }  // neither an accessor's name nor the class's: plain static
)");
  CHECK(hazards(p) == std::vector<std::string>{
                          "4 state: singleton Registry: function-local static Registry one",
                          "14 state: singleton Config: static member std::unique_ptr<Config> Config::self_",
                          "16 state: singleton Pool: function-local static Pool p",
                          "17 state: function-local static Pool p",
                      });
}

TEST_CASE("local files: writes outside /tmp and configuration reads", "[hazards][files]") {
  auto p = parse_one(R"(#include <cstdio>
#include <fstream>
#include <string>
const char* kExportDir = "exports/";
void save(const std::string& name) {
  std::FILE* a = std::fopen("exports/x.csv", "w");             // LocalFile: write
  std::FILE* b = std::fopen("/tmp/x.csv", "w");                // under /tmp: none
  std::FILE* c = std::fopen("data/items.csv", "r");            // a data file read: none
  std::FILE* d = std::fopen("etc/app.conf", "r");              // LocalFile: configuration read
  std::ofstream out("report.csv");                             // LocalFile: write
  std::ofstream scratch(std::string("/tmp/") + name);          // under /tmp: none
  std::ifstream in("data/prices.csv");                         // a data file read: none
  std::ifstream cfg("settings.ini");                           // LocalFile: configuration read
  std::ofstream later;                                         // nothing opened: none
  later.open(name);                                            // LocalFile: write, path unknown
  std::rename("a.txt", "b.txt");                               // LocalFile: write
}
)");
  CHECK(hazards(p) == std::vector<std::string>{
                          "6 local-file: fopen(\"exports/x.csv\", \"w\")",
                          "9 local-file: fopen(\"etc/app.conf\", \"r\"): reads local configuration",
                          "10 local-file: std::ofstream(\"report.csv\")",
                          "13 local-file: std::ifstream(\"settings.ini\"): reads local configuration",
                          "15 local-file: std::ofstream::open(name)",
                          "16 local-file: rename(\"a.txt\", \"b.txt\")",
                      });
}

TEST_CASE("local files: POSIX and std::filesystem", "[hazards][files]") {
  auto p = parse_one(R"(#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <filesystem>
void housekeeping(int flags) {
  int a = open("state.db", O_WRONLY | O_CREAT, 0644);          // LocalFile: write flags
  int b = open("data.bin", O_RDONLY);                          // a read: none
  int c = open("app.cfg", O_RDONLY);                           // LocalFile: configuration read
  int d = open("x.bin", flags);                                // LocalFile: flags not known
  int e = creat("out.bin", 0644);                              // LocalFile: always a write
  mkdir("cache", 0755);                                        // LocalFile
  unlink("/tmp/lock");                                         // under /tmp: none
  std::filesystem::create_directories("exports/daily");        // LocalFile
  std::filesystem::remove_all("/tmp/work");                    // under /tmp: none
}
)");
  CHECK(hazards(p) == std::vector<std::string>{
                          "6 local-file: open(\"state.db\", O_WRONLY|O_CREAT, 0644)",
                          "8 local-file: open(\"app.cfg\", O_RDONLY): reads local configuration",
                          "9 local-file: open(\"x.bin\", flags): mode not known, taken as a write",
                          "10 local-file: creat(\"out.bin\", 0644)",
                          "11 local-file: mkdir(\"cache\", 0755)",
                          "13 local-file: std::filesystem::create_directories(\"exports/daily\")",
                      });
}

TEST_CASE("background work: threads, async, sleeping", "[hazards][background]") {
  auto p = parse_one(R"(#include <thread>
#include <future>
#include <chrono>
#include <condition_variable>
#include <pthread.h>
#include <unistd.h>
void job() {}
void* entry(void*) { return nullptr; }
void schedule(std::condition_variable& cv, std::unique_lock<std::mutex>& lock) {
  std::thread t(job);                                          // Background
  std::thread moved = std::move(t);                            // a move: none
  std::thread idle;                                            // no thread started: none
  auto f = std::async(std::launch::async, job);                // Background
  pthread_t id;
  pthread_create(&id, nullptr, entry, nullptr);                // Background
  std::this_thread::sleep_for(std::chrono::seconds(5));        // Background
  usleep(1000);                                                // Background
  cv.wait_for(lock, std::chrono::seconds(1));                  // Background
  moved.join();                                                // none
}
)");
  CHECK(hazards(p) == std::vector<std::string>{
                          "10 background: std::thread",
                          "13 background: std::async",
                          "15 background: pthread_create",
                          "16 background: std::this_thread::sleep_for",
                          "17 background: usleep",
                          "18 background: std::condition_variable::wait_for",
                      });
  CHECK(only_hazard_at(p, 10).function == p.id("schedule"));
}

TEST_CASE("servers: listening sockets, and project functions that share their names", "[hazards][server]") {
  auto p = parse_one(R"(#include <sys/socket.h>
#include <netinet/in.h>
#include <functional>
namespace net { int listen(int port) { return port; } }
struct Http { void listen(int) {} };
int serve(int fd, sockaddr_in addr, Http& http) {
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);   // Server
  ::listen(fd, 16);                                            // Server
  int client = accept(fd, nullptr, nullptr);                   // Server
  net::listen(8080);                                           // the project's own: none
  http.listen(80);                                             // the project's own: none
  auto b = std::bind(net::listen, 1);                          // std::bind: none
  return client + b();
}
)");
  CHECK(hazards(p) == std::vector<std::string>{
                          "7 server: bind",
                          "8 server: listen",
                          "9 server: accept",
                      });
}

TEST_CASE("servers and event loops through Boost.Asio", "[hazards][server][asio]") {
  auto p = parse_one(R"(#include <boost/asio.hpp>
using boost::asio::ip::tcp;
void run_server(boost::asio::io_context& io) {
  tcp::acceptor acceptor(io, tcp::endpoint(tcp::v4(), 8080));  // Server
  acceptor.listen();                                           // Server
  tcp::socket peer = acceptor.accept();                        // Server
  io.run();                                                    // Background
}
)");
  CHECK(hazards(p) == std::vector<std::string>{
                          "4 server: tcp::acceptor",
                          "5 server: tcp::acceptor::listen",
                          "6 server: tcp::acceptor::accept",
                          "7 background: boost::asio::io_context::run",
                      });
}

// Qt's development headers are not among the build's dependencies, so the
// classes come from a stand-in include directory outside the project, with
// Qt's names and signatures.
TEST_CASE("servers and threads through Qt", "[hazards][server][qt]") {
  auto p = parse_with({{"main.cpp", R"(#include <QTcpServer>
#include <QLocalServer>
#include <QThread>
struct Worker : QThread { void run() override {} };
void start(QTcpServer& tcp, QLocalServer& local, Worker& worker) {
  tcp.listen(QHostAddress::Any, 8080);                         // Server
  local.listen(QString("cleave"));                             // Server
  worker.start();                                              // Background
  tcp.close();                                                 // none
}
)"},
                       {"/opt/qt/QThread", R"(#pragma once
class QThread { public: enum Priority { InheritPriority }; virtual ~QThread(); void start(Priority = InheritPriority);
                protected: virtual void run(); };
)"},
                       {"/opt/qt/QTcpServer", R"(#pragma once
class QHostAddress { public: enum SpecialAddress { Null, Any }; QHostAddress(SpecialAddress); };
class QTcpServer { public: bool listen(const QHostAddress& address = QHostAddress::Any, unsigned short port = 0);
                   void close(); };
)"},
                       {"/opt/qt/QLocalServer", R"(#pragma once
class QString { public: QString(const char*); };
class QLocalServer { public: bool listen(const QString& name); };
)"}},
                      {"-isystem/opt/qt"});
  REQUIRE(p.tus.at(0).error_count == 0);
  CHECK(hazards(p) == std::vector<std::string>{
                          "6 server: QTcpServer::listen",
                          "7 server: QLocalServer::listen",
                          "8 background: QThread::start",
                      });
}

TEST_CASE("namespace scope: a thread started by a global, state and work at once", "[hazards][background]") {
  auto p = parse_one(R"(#include <thread>
void nightly() {}
std::thread g_nightly(nightly);                                // State and Background, no function
)");
  CHECK(hazards(p) == std::vector<std::string>{
                          "3 state: global std::thread g_nightly",
                          "3 background: std::thread",
                      });
  for (const auto& h : p.tus.at(0).hazards) CHECK(h.function.empty());
}

TEST_CASE("hazards are the project's: code outside the project root gives none", "[hazards][scope]") {
  auto p = parse_with({{"main.cpp", R"(#include "vendor/pool.hpp"
int use() { return vendor::counter() + vendor::spawn(); }
)"},
                       {"/opt/vendor/vendor/pool.hpp", R"(#pragma once
#include <thread>
namespace vendor {
inline int counter() { static int n = 0; return ++n; }
inline int spawn() { std::thread([] {}).detach(); return 0; }
}
)"}},
                      {"-I/opt/vendor"});
  REQUIRE(p.tus.at(0).error_count == 0);
  CHECK(hazards(p).empty());
}

TEST_CASE("local files: stream modes and paths held in constants", "[hazards][files]") {
  auto p = parse_one(R"(#include <fstream>
#include <string>
const std::string kScratch = "/tmp/scratch.bin";
const char* const kExport = "exports/all.csv";
void io() {
  std::fstream db("data.db", std::ios::in | std::ios::binary); // input only: none
  std::fstream rw("data.db");                                  // LocalFile: in|out by default
  std::ofstream scratch(kScratch);                             // a constant under /tmp: none
  std::ofstream out(kExport);                                  // LocalFile: a constant outside /tmp
}
)");
  CHECK(hazards(p) == std::vector<std::string>{
                          "7 local-file: std::fstream(\"data.db\")",
                          "9 local-file: std::ofstream(\"exports/all.csv\")",
                      });
}

TEST_CASE("background work: threads built inside a container", "[hazards][background]") {
  auto p = parse_one(R"(#include <thread>
#include <vector>
void loop() {}
void pool(std::vector<std::thread>& workers, std::thread ready, std::vector<int>& ids) {
  workers.emplace_back(loop);                                  // Background
  workers.emplace_back(std::move(ready));                      // a move: none
  ids.emplace_back(3);                                         // not a thread: none
}
)");
  CHECK(hazards(p) == std::vector<std::string>{"5 background: std::thread (in a container)"});
}

TEST_CASE("background work: std::jthread in C++20", "[hazards][background]") {
  auto p = parse_with({{"main.cpp", R"(#include <thread>
void poll_forever(std::stop_token) {}
void start() {
  std::jthread poller(poll_forever);                           // Background
}
)"}},
                      {"-std=c++20"});
  REQUIRE(p.tus.at(0).error_count == 0);
  CHECK(hazards(p) == std::vector<std::string>{"4 background: std::jthread"});
}

TEST_CASE("background work: a wait inside a template, with dependent arguments", "[hazards][background]") {
  auto p = parse_one(R"(#include <thread>
#include <unistd.h>
template <class Duration> void backoff(Duration d, unsigned us) {
  std::this_thread::sleep_for(d);                              // Background
  usleep(us);                                                  // Background
}
)");
  CHECK(hazards(p) == std::vector<std::string>{
                          "4 background: std::this_thread::sleep_for",
                          "5 background: usleep",
                      });
}

// The Forgotten Server keeps its acceptor behind a smart pointer: the object
// of `acceptor->async_accept` is then typed `pointer` (unique_ptr) or
// `element_type *` (shared_ptr), which once gave the label
// "pointer::async_accept". The label names the API instead; a raw pointer
// keeps the class as written.
TEST_CASE("servers: an acceptor held through a smart pointer is named by its API", "[hazards][server][asio]") {
  auto p = parse_one(R"(#include <boost/asio.hpp>
#include <memory>
using boost::asio::ip::tcp;
struct ServicePort {
  std::shared_ptr<tcp::acceptor> shared;
  std::unique_ptr<tcp::acceptor> owned;
  tcp::acceptor* raw = nullptr;
  void open(tcp::socket& peer) {
    shared->async_accept(peer, [](const boost::system::error_code&) {});   // Server
    owned->listen();                                                     // Server
    raw->listen();                                                       // Server
  }
};
)");
  REQUIRE(p.tus.at(0).error_count == 0);
  CHECK(hazards(p) == std::vector<std::string>{
                          "9 server: boost::asio::basic_socket_acceptor::async_accept",
                          "10 server: boost::asio::basic_socket_acceptor::listen",
                          "11 server: tcp::acceptor::listen",
                      });
}

TEST_CASE("background work: timers that call back later", "[hazards][background][asio]") {
  auto p = parse_one(R"(#include <boost/asio.hpp>
#include <chrono>
void later(boost::asio::io_context& io, boost::asio::steady_timer& kept) {
  boost::asio::steady_timer timer(io, std::chrono::seconds(5));  // a timer not waited on: none
  kept.expires_after(std::chrono::seconds(5));                   // none
  kept.async_wait([](const boost::system::error_code&) {});      // Background
  kept.cancel();                                                 // none
}
)");
  REQUIRE(p.tus.at(0).error_count == 0);
  CHECK(hazards(p) == std::vector<std::string>{"6 background: boost::asio::steady_timer::async_wait"});
}

TEST_CASE("background work: Qt timers", "[hazards][background][qt]") {
  auto p = parse_with({{"main.cpp", R"(#include <QTimer>
void tick() {}
void arm(QTimer& timer) {
  timer.start(1000);                                           // Background
  QTimer::singleShot(500, tick);                               // Background
  timer.stop();                                                // none
}
)"},
                       {"/opt/qt/QTimer", R"(#pragma once
class QTimer { public: void start(int msec); void stop();
               static void singleShot(int msec, void (*slot)()); };
)"}},
                      {"-isystem/opt/qt"});
  REQUIRE(p.tus.at(0).error_count == 0);
  CHECK(hazards(p) == std::vector<std::string>{
                          "4 background: QTimer::start",
                          "5 background: QTimer::singleShot",
                      });
}

TEST_CASE("HTTP servers: Beast reading requests, not responses", "[hazards][server][http]") {
  auto p = parse_one(R"(#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
namespace beast = boost::beast;
namespace http = beast::http;
struct Session {
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  http::request<http::string_body> req;
  void read() {
    http::async_read(stream, buffer, req, [](beast::error_code, std::size_t) {});  // Server
  }
  void read_now() { async_read(stream, buffer, req, [](beast::error_code, std::size_t) {}); }  // Server (ADL)
};
void fetch(beast::tcp_stream& s, beast::flat_buffer& b) {
  http::response<http::string_body> res;
  http::read(s, b, res);                                                 // none: an HTTP client
  http::request_parser<http::empty_body> parser;
  http::read_header(s, b, parser);                                       // Server: a request's parser
}
)");
  REQUIRE(p.tus.at(0).error_count == 0);
  CHECK(hazards(p) == std::vector<std::string>{
                          "10 server: boost::beast::http::async_read (serves HTTP)",
                          "12 server: boost::beast::http::async_read (serves HTTP)",
                          "18 server: boost::beast::http::read_header (serves HTTP)",
                      });
}

// cpp-httplib and Qt's HTTP server from stand-ins with their names and signatures.
TEST_CASE("HTTP servers: cpp-httplib and QHttpServer", "[hazards][server][http]") {
  auto p = parse_with({{"main.cpp", R"(#include <httplib.h>
#include <QHttpServer>
using namespace httplib;
void serve(Server& svr, QHttpServer& qt, Client& client) {
  svr.listen("0.0.0.0", 8080);                                 // Server
  qt.listen(QHostAddress::Any, 8081);                          // Server
  client.Get("/health");                                       // none: a client
}
)"},
                       {"/opt/vendor/httplib.h", R"(#pragma once
namespace httplib {
class Server { public: bool listen(const char* host, int port, int flags = 0); };
class Client { public: int Get(const char* path); };
}
)"},
                       {"/opt/vendor/QHttpServer", R"(#pragma once
class QHostAddress { public: enum SpecialAddress { Null, Any }; QHostAddress(SpecialAddress); };
class QAbstractHttpServer { public: unsigned short listen(const QHostAddress& address = QHostAddress::Any,
                                                          unsigned short port = 0); };
class QHttpServer : public QAbstractHttpServer {};
)"}},
                      {"-isystem/opt/vendor"});
  REQUIRE(p.tus.at(0).error_count == 0);
  CHECK(hazards(p) == std::vector<std::string>{
                          "5 server: Server::listen (serves HTTP)",
                          "6 server: QAbstractHttpServer::listen (serves HTTP)",
                      });
}

TEST_CASE("local files: configuration read through a parameter of a configuration function", "[hazards][files]") {
  auto p = parse_one(R"(#include <cstdio>
#include <fstream>
#include <string>
struct ConfigReader { bool load(const std::string& path); };
bool ConfigReader::load(const std::string& path) {
  std::ifstream in(path);                                      // LocalFile: the class reads configuration
  return in.good();
}
void loadSettings(const char* path) {
  std::FILE* f = std::fopen(path, "r");                        // LocalFile: the function reads configuration
  std::fclose(f);
}
struct ImageLoader { bool load(const std::string& path); };
bool ImageLoader::load(const std::string& path) {
  std::ifstream in(path);                                      // data, not configuration: none
  return in.good();
}
void init(const std::string& path) { std::ifstream in(path); }   // "init" is not "ini": none
void readIni(const std::string& dir) { std::ifstream in(dir + "/app"); }   // LocalFile: an ini reader
void saveConfig(const std::string& name) { std::ofstream out("/tmp/" + name); }   // a write under /tmp: none
void configure() { std::ifstream in("data/prices.csv"); }    // a literal data path, no parameter: none
)");
  CHECK(hazards(p) == std::vector<std::string>{
                          "6 local-file: std::ifstream(path): reads local configuration",
                          "10 local-file: fopen(path, \"r\"): reads local configuration",
                          "19 local-file: std::ifstream(dir+\"/app\"): reads local configuration",
                      });
  CHECK(only_hazard_at(p, 6).function == p.id("ConfigReader::load"));
}
