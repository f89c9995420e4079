; Inno Setup script for lgcoder on Windows: Start-menu entry, .lgc file association, uninstaller.
;
; Build it yourself on Windows (we cannot build it on the Linux CI):
;   1. make package   (or: python packaging\build.py)  -> dist\lgcoder\lgcoder.exe
;   2. iscc packaging\windows\lgcoder.iss              -> dist\lgcoder-VERSION-windows-setup.exe
; AppVersion must equal the version in pyproject.toml (tests/packaging checks it).

#define AppName "lgcoder"
#define AppVersion "0.1.0"
#define AppId "org.lgcoder.Lgcoder"
#define ProgId "lgcoder.project"

[Setup]
AppId={{6E1D3C52-7A0B-4C4F-9C0E-5B1F6A2D8E41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The lgcoder developers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
; Per-user install by default (no administrator rights), like ~/.local on Linux.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=lgcoder-{#AppVersion}-windows-setup
SetupIconFile=lgcoder.ico
UninstallDisplayIcon={app}\lgcoder.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\lgcoder\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\lgcoder.exe"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\lgcoder.exe"; Tasks: desktopicon

[Registry]
; .lgc -> lgcoder.project -> "lgcoder.exe" "%1"; removed again by the uninstaller.
Root: HKA; Subkey: "Software\Classes\.lgc"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.lgc\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "lgcoder project"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\lgcoder.exe,0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\lgcoder.exe"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\lgcoder.exe\SupportedTypes"; ValueType: string; ValueName: ".lgc"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\lgcoder.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
