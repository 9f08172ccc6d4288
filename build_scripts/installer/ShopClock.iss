; Inno Setup script for ShopClock 售后时钟: a per-user install without administrator rights.
;
; Build on Windows, after `.venv\Scripts\python build_scripts\build.py --smoke`:
;     "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" build_scripts\installer\ShopClock.iss
; Output: dist\installer\ShopClock-<version>-setup.exe. Needs Inno Setup 6.3 or later
; (x64compatible). The version is read from dist\ShopClock\ShopClock.exe, whose version
; resource the PyInstaller spec fills from pyproject.toml; `/DAppVersion=1.2.3` overrides.
; The Chinese wizard needs ChineseSimplified.isl (an unofficial Inno Setup translation:
; https://jrsoftware.org/files/istrans/); put it next to this file or in Inno Setup's
; Languages folder. Without it the installer is English only.
;
; What it does:
; - installs into {userpf}\ShopClock (%LOCALAPPDATA%\Programs\ShopClock), no UAC prompt;
; - a Start-menu shortcut carrying the AppUserModelID "ShopClock.ShopClock" (Windows only
;   shows a desktop app's notifications when a Start-menu shortcut carries its ID, and
;   the app must set the same ID on its process), and an optional desktop shortcut;
; - uninstalling removes the program and keeps the user's data in
;   {localappdata}\ShopClock (platformdirs' user_data_dir("ShopClock", appauthor=False):
;   the database, its backups) unless the user answers Yes to the question; a silent
;   uninstall always keeps it.

#define AppName "ShopClock"
#define AppDisplayName "售后时钟 ShopClock"
#define AppExe "ShopClock.exe"
#define AppUserModelID "ShopClock.ShopClock"
#define BuiltApp AddBackslash(SourcePath) + "..\..\dist\ShopClock"
#if !FileExists(BuiltApp + "\" + AppExe)
  #error dist\ShopClock\ShopClock.exe is missing: run python build_scripts\build.py --smoke first
#endif
#ifndef AppVersion
  #define AppVersion GetFileProductVersionString(BuiltApp + "\" + AppExe)
#endif

#if FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
  #define ChineseIsl AddBackslash(SourcePath) + "ChineseSimplified.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
  #define ChineseIsl "compiler:Languages\ChineseSimplified.isl"
#endif

[Setup]
; AppId identifies the installation for upgrades and uninstall: never change it.
AppId={{F6CB68C7-59A4-482E-A608-BDD617035A29}
AppName={#AppDisplayName}
AppVersion={#AppVersion}
AppVerName={#AppDisplayName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
DefaultDirName={userpf}\{#AppName}
; Always that folder: nothing to choose, and the uninstaller only deletes its own files.
DisableDirPage=yes
DisableProgramGroupPage=yes
ShowLanguageDialog=auto
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; PySide6 6.x supports Windows 10 1809 and later.
MinVersion=10.0.17763
SetupIconFile=..\..\resources\icons\shopclock.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppDisplayName}
OutputDir=..\..\dist\installer
OutputBaseFilename={#AppName}-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Restart Manager closes a running ShopClock before files are replaced or removed.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
#ifdef ChineseIsl
Name: "chinesesimplified"; MessagesFile: "{#ChineseIsl}"
#endif

[CustomMessages]
english.DeleteDataQuestion=Also delete your ShopClock data (database, backups and settings) in%n%n%1?%n%nChoose No to keep it for a later installation.
english.DeleteDataFailed=Some files in %1 could not be deleted. Close ShopClock and delete the folder by hand.
#ifdef ChineseIsl
chinesesimplified.DeleteDataQuestion=是否同时删除售后时钟的数据（数据库、备份和设置）？%n%n%1%n%n选择“否”将保留数据，以后重新安装即可继续使用。
chinesesimplified.DeleteDataFailed=%1 中有文件无法删除。请关闭售后时钟后手动删除该文件夹。
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; A new version replaces the whole PyInstaller folder: no stale libraries or plugins.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BuiltApp}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppDisplayName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; AppUserModelID: "{#AppUserModelID}"
Name: "{autodesktop}\{#AppDisplayName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; AppUserModelID: "{#AppUserModelID}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#StringChange(AppDisplayName, '&', '&&')}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Anything left inside the PyInstaller folder; the user's data lives elsewhere (see [Code]).
Type: filesandordirs; Name: "{app}\_internal"

[Code]
{ The data folder of platformdirs.user_data_dir("ShopClock", appauthor=False), which
  core.storage.engine uses unless SHOPCLOCK_DATA_DIR or --data-dir points elsewhere. }
function UserDataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\{#AppName}');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Folder: String;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  Folder := UserDataDir();
  if UninstallSilent() or not DirExists(Folder) then
    Exit;
  { "No" is the default button: keeping data is the safe answer. }
  if MsgBox(FmtMessage(CustomMessage('DeleteDataQuestion'), [Folder]),
            mbConfirmation, MB_YESNO or MB_DEFBUTTON2) <> IDYES then
    Exit;
  if not DelTree(Folder, True, True, True) then
    MsgBox(FmtMessage(CustomMessage('DeleteDataFailed'), [Folder]), mbError, MB_OK);
  { Window layout and language: QSettings("ShopClock", "ShopClock") in the registry. }
  RegDeleteKeyIncludingSubkeys(HKCU, 'Software\{#AppName}');
end;
