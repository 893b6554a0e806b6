#pragma once
// Shared helpers of the test suites: data paths and running the CLI.
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdlib>
#include <string>

namespace sdmtest {

inline std::string data(const std::string& rel) { return std::string(SDM_TEST_DATA) + "/" + rel; }
inline std::string golden(const std::string& name) { return data("golden/" + name); }
inline QString bin(const QString& name) { return QString(SDM_BIN_DIR) + "/" + name; }

// A wait of the GUI suites, stretched by SDM_TEST_WAIT_SCALE (>= 1): ThreadSanitizer runs the
// instrumented model code ~50x slower (./studio.sh test --tsan sets it); 1 in normal runs.
inline int ms(int milliseconds) {
  static const double scale = [] {
    const char* s = std::getenv("SDM_TEST_WAIT_SCALE");
    const double v = s ? std::atof(s) : 1.0;
    return v >= 1 ? v : 1.0;
  }();
  return static_cast<int>(std::min(2e9, milliseconds * scale));
}

struct RunResult {
  int exitCode = -1;
  QString out, err;
};

inline RunResult run(const QString& program, const QStringList& args, int timeoutMs = 600000) {
  QProcess p;
  p.start(program, args);
  RunResult r;
  if (!p.waitForFinished(timeoutMs)) {
    p.kill();
    p.waitForFinished();
    r.err = "timeout";
    return r;
  }
  r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  r.out = QString::fromUtf8(p.readAllStandardOutput());
  r.err = QString::fromUtf8(p.readAllStandardError());
  return r;
}

inline RunResult cli(const QStringList& args) { return run(bin("sdm-cli"), args); }

// Debian's interpreter with python3-torch, when installed (tests that need it skip otherwise).
inline bool havePythonTorch() {
  static int cached = -1;
  if (cached < 0) {
    QString py = QString(SDM_PYTHON);
    cached = (!py.isEmpty() && run(py, {"-c", "import torch"}, 120000).exitCode == 0) ? 1 : 0;
  }
  return cached == 1;
}

inline RunResult python(const QString& script, const QStringList& args) {
  return run(QString(SDM_PYTHON), QStringList{QString(SDM_TEST_PY_DIR) + "/" + script} + args);
}

}  // namespace sdmtest
