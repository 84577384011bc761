// report_runner: renders a report with an external tool (C rules run on C++ too).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

namespace reports {

std::string run_id() {
    // expect: cpp-random-engine-seeded-with-time
    std::mt19937 engine(static_cast<unsigned>(std::chrono::system_clock::now().time_since_epoch().count()));
    std::random_device device;
    // ok: cpp-random-engine-seeded-with-time
    std::mt19937 seeded(device());
    return std::to_string(engine() ^ seeded());
}

int render(const std::string &name, const char *format) {
    std::string command = "report-tool --name " + name;
    char title[64];
    // expect: c-unbounded-string-copy
    std::strcpy(title, name.c_str());
    // expect: c-format-string-not-literal
    std::printf(format);
    // ok: c-command-with-external-input
    return std::system(command.c_str());
}

}  // namespace reports

int main(int argc, char **argv) {
    const char *format = std::getenv("REPORT_FORMAT");
    std::string name = argc > 1 ? argv[1] : "daily";
    std::string shell = "report-tool --name " + name;
    // expect: c-command-with-external-input
    int status = std::system(shell.c_str());
    return status + reports::render(name, format ? format : "%s\n");
}
