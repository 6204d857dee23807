<#
  pos-doctor monitoring run for windows_exporter's textfile collector (docs/monitoring.md).

  pos-doctor writes the file itself (--output): UTF-8 without BOM, LF line ends, a temp file in the same folder renamed
  over the old one - on every exit code. Do NOT redirect with `>` or Out-File in Windows PowerShell 5.1: that writes
  UTF-16, which windows_exporter rejects, and empties the file while the run lasts.

  Run by the task in pos-doctor-monitor.xml every 5 minutes.
#>
param(
    [string]$PosDoctor = "$env:ProgramFiles\pos-doctor\pos-doctor.exe",
    [string]$TextfileDir = "$env:ProgramFiles\windows_exporter\textfile_inputs",
    [string]$ConfigDir = "$env:ProgramData\pos-doctor",
    [int]$Timeout = 20
)
$ErrorActionPreference = "Stop"
$env:POS_DOCTOR_DATA_DIR = Join-Path $ConfigDir "data"
Set-Location -Path $ConfigDir   # pos-doctor.toml of this till: terminal, printer, [shop] id and till
$out = Join-Path $TextfileDir "pos_doctor.prom"
& $PosDoctor check --format prometheus --output $out --timeout $Timeout
$code = $LASTEXITCODE
# 0 ok, 1 warning, 2 critical, 3 could not decide: all four are results, already in the file.
if ($code -gt 3) { exit $code }
exit 0
