#pragma once
// What the user chose for generation: solver and its options, seed and what happens to it after a
// run, batch, micro-batch, precision, re-generation on change. The Generate panel edits it and
// shows it; the controllers read it (Generate, Jobs, Study) and write it (a comparison cell or a
// study row loaded into Generate). It keeps choices; params() turns them into the request for the
// loaded model (DDPM runs the model's training timesteps; ANN2SNN models run exact).
#include <QObject>

#include "engine/engine.h"

class QSettings;

namespace sdm::studio {

class GenerateSettings : public QObject {
  Q_OBJECT
 public:
  enum class SeedMode { Fixed, Increment, Random };  // ComfyUI's "control after generate"

  explicit GenerateSettings(QObject* parent = nullptr);

  // The request without the model's threshold and spike recording (the Generate controller adds
  // those).
  sdm::GenerateParams params() const;
  // The choices as the user made them: steps kept while DDPM is chosen, the Gamma file while
  // another solver is, the precision while the model runs exact.
  const sdm::GenerateParams& choices() const { return m_choices; }
  // Takes every choice of `p` (a time grid left to the solver becomes the solver's own, DDPM's
  // steps and a precision this CPU cannot run keep the previous choice).
  void setParams(const sdm::GenerateParams& p);
  void setGammaPath(const std::string& path);
  SeedMode seedMode() const { return m_seedMode; }
  void setSeedMode(SeedMode mode);
  bool autoRegenerate() const { return m_autoRegenerate; }
  void setAutoRegenerate(bool on);
  void advanceSeed();  // after a run: keep it, advance by the batch, or draw a new one

  // What the loaded model decides.
  int trainingTimesteps() const { return m_trainingTimesteps; }
  bool precisionApplies() const { return m_precisionApplies; }
  void setModelFacts(int trainingTimesteps, bool precisionApplies);

  void save(QSettings& settings) const;
  void restore(const QSettings& settings);

  static sdm::Precision defaultPrecision();  // the fastest mode within the quality bounds

 Q_SIGNALS:
  void changed();       // a choice that changes the request (auto-regeneration listens)
  void seedAdvanced();  // after a run; not a reason to generate again
  void modelFactsChanged();
  void optionsChanged();  // seed mode or auto-regeneration

 private:
  sdm::GenerateParams m_choices;
  SeedMode m_seedMode = SeedMode::Fixed;
  bool m_autoRegenerate = false;
  int m_trainingTimesteps = 1000;
  bool m_precisionApplies = true;
};

}  // namespace sdm::studio
