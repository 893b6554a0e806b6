// Load: the studio generating continuously -- auto-regenerate on, the steps slider, the seed and
// the solver moved programmatically -- while a training job runs beside it. Fails on a crash,
// on resident memory that keeps growing after warm-up, on a cancel that is not honoured within
// about one network evaluation, and on a training job that stops making progress or does not
// stop when cancelled.
//
// Size: SDM_LOAD_SECONDS (default 60) and SDM_LOAD_MOVES (default 100); the run is
// SDM_LOAD_SECONDS=600 SDM_LOAD_MOVES=1000 (with QTEST_FUNCTION_TIMEOUT=900000 when run outside
// CTest). SDM_LOAD_CSV=FILE writes the curve
// (seconds, rss_mb, runs_started, runs_finished, training_step) for docs/reliability.md.
#include <QCheckBox>
#include <QComboBox>
#include <QEventLoop>
#include <QFile>
#include <QProgressBar>
#include <QRandomGenerator>
#include <QSlider>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTimer>

#include <unistd.h>
#include <algorithm>
#include <fstream>
#include <vector>

#include "engine/jobs.h"
#include "generate_panel.h"
#include "job_queue.h"
#include "jobs_controller.h"
#include "studio_fixture.h"
#include "util/resources.h"

using namespace sdm::studio;

namespace {

double residentMegabytes() {
  long pages = 0, resident = 0;
  std::ifstream("/proc/self/statm") >> pages >> resident;
  return double(resident) * double(::sysconf(_SC_PAGESIZE)) / 1048576.0;
}

int envInt(const char* name, int fallback) {
  const QByteArray v = qgetenv(name);
  return v.isEmpty() ? fallback : v.toInt();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

struct Sample {
  double seconds, rssMb;
  int runsStarted, runsFinished;
  int64_t trainingStep;
};

}  // namespace

class TestLoad : public QObject {
  Q_OBJECT
  QTemporaryDir m_tmp;

 private Q_SLOTS:
  void generatingForMinutesBesideTrainingKeepsMemoryFlat() {
    const int seconds = envInt("SDM_LOAD_SECONDS", 60), moves = envInt("SDM_LOAD_MOVES", 100);
    const auto demo = sdm::findResource("models/demo.pt");
    QVERIFY2(demo, "the bundled demo model is missing");
    if (!QFile::exists("/usr/share/datasets/fashion-mnist"))
      QSKIP("Fashion-MNIST is not installed (the training job reads it)");
    auto w = sdmtest::openStudio();
    QVERIFY(QTest::qWaitForWindowExposed(w.get()));
    QVERIFY(sdmtest::loadModel(*w, QString::fromStdString(*demo)));
    GeneratePanel* p = w->generatePanel();
    p->solverCombo()->setCurrentIndex(p->solverCombo()->findData(QStringLiteral("ddim")));
    p->batchSpin()->setValue(4);
    p->autoCheck()->setChecked(true);

    // A training job that outlasts the load: small model, many steps, checkpoints as it goes.
    sdm::TrainingJob job = sdm::TrainingJob::quickStart(sdm::train::RunKind::Train);
    sdm::train::TrainConfig& train = job.config;
    train.runDir = m_tmp.filePath("train").toStdString();
    train.data.limit = 512;
    train.model.ch = 8;
    train.model.chMult = {1, 2};
    train.model.numResBlocks = 1;
    train.model.snnSteps = 2;
    train.batch = 8;
    train.totalSteps = 1000000;
    train.saveEvery = 50;
    train.sampleEvery = 0;
    JobQueue* queue = w->jobsController()->queue();
    int64_t trainingStep = 0;
    connect(queue, &JobQueue::progress, this,
            [&](quint64, const sdm::JobProgress& jp, const QVector<QPointF>&) {
              trainingStep = std::max(trainingStep, jp.step);
            });
    const quint64 trainId = w->jobsController()->launch(job);

    int runsStarted = 0, runsFinished = 0, runsFailed = 0;
    connect(w->generateController(), &GenerateController::runStarted, this, [&] { ++runsStarted; });
    connect(w->generateController(), &GenerateController::runFinished, this,
            [&] { ++runsFinished; });
    connect(w->generateController(), &GenerateController::runFailed, this, [&] { ++runsFailed; });

    std::vector<Sample> samples;
    QElapsedTimer clock;
    clock.start();
    auto sample = [&] {
      samples.push_back(
          {clock.elapsed() / 1000.0, residentMegabytes(), runsStarted, runsFinished, trainingStep});
    };
    QRandomGenerator rng(7);
    int moved = 0;
    QEventLoop loop;
    QTimer mover, sampler;
    mover.setInterval(std::max(1, seconds * 1000 / std::max(1, moves)));
    connect(&mover, &QTimer::timeout, this, [&] {
      switch (moved % 4) {  // what a user does: mostly the step count, sometimes seed or solver
        case 0:
        case 2:
          p->stepsSlider()->setValue(5 + rng.bounded(46));
          break;
        case 1:
          p->seedSpin()->setValue(rng.bounded(1000));
          break;
        case 3: {
          const char* solver = rng.bounded(2) ? "ddim" : "dpm-solver";
          p->solverCombo()->setCurrentIndex(p->solverCombo()->findData(QString(solver)));
          break;
        }
      }
      if (++moved == moves) loop.quit();
    });
    connect(&sampler, &QTimer::timeout, this, sample);
    sample();
    sampler.start(1000);
    mover.start();
    loop.exec();  // the load: returns after the last move
    mover.stop();
    QSignalSpy idle(w->generateController(), &GenerateController::runFinished);
    w->generateController()->generate();  // the settings of the last move, run to the end
    QVERIFY(idle.wait(sdmtest::ms(120000)));
    sampler.stop();
    sample();
    p->autoCheck()->setChecked(false);

    QCOMPARE(runsFailed, 0);
    QVERIFY2(runsStarted >= moves / 4,
             qPrintable(QString("only %1 runs started for %2 moves").arg(runsStarted).arg(moves)));
    // Most runs are replaced by the next move before they end (the point of the load); the run
    // of the last settings must end.
    QVERIFY2(runsFinished >= 1, "no run finished");
    QVERIFY2(trainingStep >= 10, qPrintable(QString("training reached step %1").arg(trainingStep)));

    // Memory: after warm-up (the first fifth: model, buffers, allocator pools, plot caches) the
    // resident size must not keep rising -- the last fifth's median against the second fifth's.
    std::vector<double> warm, last;
    for (const Sample& s : samples) {
      if (s.seconds >= 0.2 * seconds && s.seconds < 0.4 * seconds) warm.push_back(s.rssMb);
      if (s.seconds >= 0.8 * seconds) last.push_back(s.rssMb);
    }
    const double warmMb = median(warm), lastMb = median(last);
    const double peakMb = std::max_element(samples.begin(), samples.end(), [](auto& a, auto& b) {
                            return a.rssMb < b.rssMb;
                          })->rssMb;
    qInfo(
        "load: %d s, %d moves, %d runs started (the others replaced by a newer setting), %d "
        "finished, training step %lld; RSS start %.0f MB, warm %.0f MB, end %.0f MB, peak %.0f MB",
        seconds, moved, runsStarted, runsFinished, static_cast<long long>(trainingStep),
        samples.front().rssMb, warmMb, lastMb, peakMb);
    if (const QByteArray csv = qgetenv("SDM_LOAD_CSV"); !csv.isEmpty()) {
      std::ofstream out(csv.toStdString());
      out << "seconds,rss_mb,runs_started,runs_finished,training_step\n";
      for (const Sample& s : samples)
        out << s.seconds << ',' << s.rssMb << ',' << s.runsStarted << ',' << s.runsFinished << ','
            << s.trainingStep << '\n';
    }
    QVERIFY2(lastMb <= warmMb * 1.10 + 48,
             qPrintable(QString("RSS grew from %1 MB to %2 MB").arg(warmMb).arg(lastMb)));

    // Cancel under load: a long DDPM run stops within about one network evaluation.
    p->solverCombo()->setCurrentIndex(p->solverCombo()->findData(QStringLiteral("ddpm")));
    QSignalSpy first(w->generateController(), &GenerateController::firstFrameShown);
    QSignalSpy done(w->generateController(), &GenerateController::runFinished);
    QElapsedTimer runClock;
    runClock.start();
    w->generateController()->generate();
    QVERIFY(first.wait(sdmtest::ms(120000)));
    QTRY_VERIFY_WITH_TIMEOUT(p->progressBar()->value() >= 5, sdmtest::ms(120000));
    const qint64 perEvaluationMs = runClock.elapsed() / std::max(1, p->progressBar()->value());
    QElapsedTimer cancelClock;
    cancelClock.start();
    w->generateController()->cancel();
    QVERIFY(done.wait(sdmtest::ms(60000)));
    const qint64 stopMs = cancelClock.elapsed();
    const auto result = done.last().first().value<ResultPtr>();
    QVERIFY(result->cancelled);
    qInfo("cancel under load: %lld ms (one evaluation ~%lld ms)", static_cast<long long>(stopMs),
          static_cast<long long>(perEvaluationMs));
    QVERIFY2(
        stopMs <= 3 * perEvaluationMs + 500,
        qPrintable(
            QString("cancel took %1 ms, an evaluation ~%2 ms").arg(stopMs).arg(perEvaluationMs)));

    // The training job ran throughout and stops when cancelled.
    QSignalSpy trainDone(queue, &JobQueue::jobFinished);
    queue->cancel(trainId);
    QVERIFY(trainDone.wait(sdmtest::ms(120000)));
    QCOMPARE(queue->job(trainId)->state, JobRecord::State::Cancelled);
  }
};

QTEST_MAIN(TestLoad)
#include "test_load.moc"
