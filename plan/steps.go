package plan

// Step names start with these labels: build progress shows them (after "[os/arch] " when
// more than one platform is built), and tests find steps by them. No label is the prefix
// of another.
const (
	StepBuilderSystem = "builder: install Python"             // + " 3.12 build tools"
	StepUv            = "builder: install uv"                 // + " 0.13.9"
	StepVenv          = "builder: create the venv"            // + " at /opt/venv"
	StepRequirements  = "builder: copy the requirement files" // the files pip reads, alone
	StepInstall       = "builder: install requirements"
	StepRunnerSystem  = "runner: install the Python" // + " 3.12 runtime"
	StepUser          = "runner: add user"           // + " app (10001)"
	StepCopyVenv      = "runner: copy the venv from the builder"
	StepCopyCode      = "runner: copy the code to" // + " /app"
	StepStageCode     = "runner: stage the code"   // copied alone, for StepSealCode
	StepSealCode      = "runner: compile and seal the code"
	StepSeedWheels    = "wheels: seed the wheel cache"
	StepExportWheels  = "wheels: copy the wheel cache into the wheels image"
)

// Steps are every label, for tests that check their names.
var Steps = []string{StepBuilderSystem, StepVenv, StepRequirements, StepInstall, StepRunnerSystem, StepUser,
	StepCopyVenv, StepCopyCode, StepStageCode, StepSealCode, StepSeedWheels, StepExportWheels, StepUv}
