// The ANN→SNN view, driven as a user would: open a quantized ANN, convert it, fine-tune the SNN,
// evaluate the three models; the view follows the pipeline and compares the scores.
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "conversion_controller.h"
#include "conversion_view.h"
#include "engine/jobs.h"
#include "generate_panel.h"
#include "generate_settings.h"
#include "job_queue.h"
#include "jobs_controller.h"
#include "studio_fixture.h"

using namespace sdm;
using namespace sdm::studio;

namespace {

// Waits until job `id` has ended; true when it is Done.
bool finished(JobsController* jobs, quint64 id, int timeoutMs) {
  auto settled = [&] {
    const auto s = jobs->queue()->job(id)->state;
    return s != JobRecord::State::Queued && s != JobRecord::State::Running;
  };
  if (!QTest::qWaitFor(settled, sdmtest::ms(timeoutMs))) return false;
  const JobRecord* r = jobs->queue()->job(id);
  if (r->state != JobRecord::State::Done) qWarning("job %llu: %s", id, qPrintable(r->error));
  return r->state == JobRecord::State::Done;
}

}  // namespace

class TestConversion : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void followsConvertFinetuneAndScores() {
    QTemporaryDir dir;
    auto w = sdmtest::openStudio(1);
    widgets::ConversionView* view = w->conversionView();
    JobsController* jobs = w->jobsController();
    QVERIFY(view->headline()->text().contains("Open a quantized ANN"));
    // A small 2-bit ANN on Fashion-MNIST (32×32, the studio classifier's images), a few steps.
    TrainingJob annRun = TrainingJob::quickStart(train::RunKind::TrainAnn);
    annRun.config.runDir = dir.filePath("ann").toStdString();
    annRun.config.model.chMult = {1, 2};
    annRun.config.bit = 2;
    annRun.config.totalSteps = 4;
    annRun.config.warmup = 2;
    annRun.config.batch = 4;
    annRun.config.data.limit = 64;
    annRun.config.sampleEvery = 0;
    QVERIFY(finished(jobs, jobs->launch(annRun), 120000));
    const QString ann = dir.filePath("ann/ckpt.pt");
    QVERIFY(sdmtest::loadModel(*w, ann));
    w->showView(QStringLiteral("conversion"));
    QVERIFY2(view->headline()->text().contains("2-bit ANN → S_UNet with T = 3"),
             qPrintable(view->headline()->text()));
    QCOMPARE(w->conversionController()->pipeline().ann, ann);
    QVERIFY(
        view->table()->item(0, widgets::ConversionView::Detail)->text().contains("2 bits → T = 3"));
    QVERIFY(view->table()->item(1, widgets::ConversionView::Stage)->text().contains("not yet"));
    QVERIFY(view->convertButton()->isEnabled());
    QVERIFY(!view->finetuneButton()->isEnabled());

    // Convert: the SNN opens, the view names it with the conversion check.
    const QString snn = dir.filePath("converted_snn.pt");
    QSignalSpy opened(w->modelController(), &ModelController::modelChanged);
    QVERIFY(jobs->convertLoaded(snn) != 0);
    QVERIFY(opened.wait(sdmtest::ms(60000)));
    const ConversionController::Pipeline& p = w->conversionController()->pipeline();
    QCOMPARE(p.snn, snn);
    QCOMPARE(p.ann, ann);  // from the SNN's own metadata
    QVERIFY(view->table()
                ->item(1, widgets::ConversionView::Detail)
                ->text()
                .contains("conversion check: ε relative error"));
    QVERIFY(view->finetuneButton()->isEnabled());
    QVERIFY(!view->convertButton()->isEnabled());  // the loaded model is the SNN now

    // Fine-tune (one step per block): the third row is the tuned file.
    SnnFinetuneJob tune = jobs->snnFinetuneDefaults();
    QCOMPARE(tune.config.snnCheckpoint, snn.toStdString());
    QCOMPARE(tune.config.annCheckpoint, ann.toStdString());
    tune.config.runDir = dir.filePath("tune").toStdString();
    tune.config.stepsPerBlock = 1;
    tune.config.batch = 2;
    tune.config.data.limit = 16;
    QVERIFY(finished(jobs, jobs->launch(tune), 120000));
    const QString tuned = dir.filePath("tune/finetuned_snn.pt");
    QCOMPARE(p.tuned, tuned);
    QVERIFY(view->table()
                ->item(2, widgets::ConversionView::Detail)
                ->text()
                .contains("1 steps per block"));

    // Evaluate two of them alike: the view compares; a third with other settings is refused.
    GenerateParams g = w->generateSettings()->params();
    g.solver.kind = SolverKind::Ddim;
    g.solver.steps = 2;
    g.seed = 3;
    w->generateSettings()->setParams(g);
    view->selectStage(1);
    QVERIFY(view->evaluateButton()->isEnabled());
    QVERIFY(finished(jobs, jobs->evaluateFile(snn, 12), 120000));
    QVERIFY(finished(jobs, jobs->evaluateFile(tuned, 12), 120000));
    const auto snnScore = latestEvaluation(snn.toStdString());
    const auto tunedScore = latestEvaluation(tuned.toStdString());
    QVERIFY(snnScore && tunedScore);
    QCOMPARE(view->table()->item(1, widgets::ConversionView::Fd)->text(),
             QString::number(snnScore->fd, 'f', 2));
    QCOMPARE(view->table()->item(2, widgets::ConversionView::Fd)->text(),
             QString::number(tunedScore->fd, 'f', 2));
    QCOMPARE(view->table()->item(0, widgets::ConversionView::Fd)->text(), QString("—"));
    const QString compared = view->comparison()->text();
    QVERIFY2(compared.contains(QString("Converted SNN → Fine-tuned SNN: FD %1 → %2")
                                   .arg(snnScore->fd, 0, 'f', 2)
                                   .arg(tunedScore->fd, 0, 'f', 2)),
             qPrintable(compared));
    QVERIFY(finished(jobs, jobs->evaluateFile(ann, 10), 120000));
    QVERIFY2(view->comparison()->text().contains("different settings"),
             qPrintable(view->comparison()->text()));

    // Opening the fine-tuned file alone finds its pipeline from its metadata.
    QVERIFY(sdmtest::loadModel(*w, tuned));
    QCOMPARE(p.tuned, tuned);
    QCOMPARE(p.snn, snn);
    QCOMPARE(p.ann, ann);
    if (const QString out = qEnvironmentVariable("SDM_CONVERSION_SCREENSHOT"); !out.isEmpty())
      QVERIFY(w->grab().save(out));
  }
};

QTEST_MAIN(TestConversion)
#include "test_conversion.moc"
