package gate

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
)

// Environment variables that tell the gates where their tools are. .ci/run
// sets them after installing the tools.
const (
	EnvChromium = "OPSREPORT_CHROMIUM" // the Chromium binary; default /usr/bin/chromium, then $PATH
	EnvJava     = "OPSREPORT_JAVA"     // the java binary; default java on $PATH
	EnvVNUJar   = "OPSREPORT_VNU_JAR"  // vnu.jar from the npm package vnu-jar
	EnvAxeJS    = "OPSREPORT_AXE_JS"   // axe.min.js from the npm package axe-core
)

// Chromium returns the path of the browser the browser and accessibility
// gates drive, or an error telling how to provide one.
func Chromium() (string, error) {
	if p := os.Getenv(EnvChromium); p != "" {
		return existing(p, EnvChromium)
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("chromium not found: install Debian's chromium package or set " + EnvChromium)
}

// Java returns the path of the java binary that runs the Nu checker.
func Java() (string, error) {
	if p := os.Getenv(EnvJava); p != "" {
		return existing(p, EnvJava)
	}
	p, err := exec.LookPath("java")
	if err != nil {
		return "", errors.New("java not found: install a JRE (default-jre-headless) or set " + EnvJava)
	}
	return p, nil
}

// VNUJar returns the path of the Nu Html Checker's jar.
func VNUJar() (string, error) {
	return fromEnv(EnvVNUJar, "the Nu Html Checker (npm package vnu-jar, build/dist/vnu.jar)")
}

// AxeJS returns the path of axe-core's browser script.
func AxeJS() (string, error) {
	return fromEnv(EnvAxeJS, "axe-core (npm package axe-core, axe.min.js)")
}

func fromEnv(name, what string) (string, error) {
	p := os.Getenv(name)
	if p == "" {
		return "", fmt.Errorf("%s not configured: set %s (.ci/run installs it)", what, name)
	}
	return existing(p, name)
}

func existing(p, env string) (string, error) {
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("%s=%s: %w", env, p, err)
	}
	return p, nil
}
